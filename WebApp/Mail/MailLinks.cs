namespace WebApp.Mail;

/// <summary>
/// Absolute links for mail, from <c>App:BaseUrl</c>. Never from the request outside Development: a forged
/// <c>Host</c> header on "forgot password" would otherwise mail the real owner a reset link to the attacker's site.
/// The store refuses to start outside Development without the setting (<see cref="Security.HostRules"/>).
/// </summary>
public sealed class MailLinks(IConfiguration configuration, IHostEnvironment environment)
{
    private readonly string? _baseUrl = configuration["App:BaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : null;

    public string Link(HttpRequest request, string pathAndQuery)
    {
        if (_baseUrl is not null) return _baseUrl + pathAndQuery;
        if (!environment.IsDevelopment()) throw new InvalidOperationException("App:BaseUrl is not set: mailed links are never built from the request outside Development.");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{pathAndQuery}";
    }
}
