using System.Text;

namespace WebApp.Mail;

/// <summary>
/// Writes each message as an .eml file (text and HTML parts) into <c>Email:PickupDirectory</c>, where a developer, a
/// test or a local mail relay picks it up. In Development its link is also logged, so a newcomer can confirm an
/// account from the console; anywhere else a link in a log would let a log reader take over the account.
/// </summary>
public sealed class PickupDirectoryEmailSender(IConfiguration configuration, IHostEnvironment environment, MailLayout layout, ILogger<PickupDirectoryEmailSender> logger) : IMailTransport
{
    public string Directory { get; } = Path.GetFullPath(Path.Combine(environment.ContentRootPath, configuration["Email:PickupDirectory"] ?? "App_Data/mail"));

    // An address typed by a user must not be able to add headers (Bcc:) to the message.
    private static string Header(string value) => value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var boundary = "=_" + Guid.NewGuid().ToString("N");
        var eml = new StringBuilder()
            .Append("From: ").Append(new MimeKit.MailboxAddress(layout.StoreName, "no-reply@webapp.local").ToString(encode: true)).Append("\r\n")
            .Append("To: ").Append(Header(message.To)).Append("\r\n")
            .Append("Subject: ").Append(Header(message.Subject)).Append("\r\n")
            .Append("Date: ").Append(DateTime.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        if (message.OneClickStop is { } stop)
        {
            eml.Append("List-Unsubscribe: <").Append(Header(stop)).Append(">\r\n").Append("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
        }
        eml
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: multipart/alternative; boundary=\"").Append(boundary).Append("\"\r\n\r\n")
            .Append("--").Append(boundary).Append("\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").Append(message.Text).Append("\r\n")
            .Append("--").Append(boundary).Append("\r\nContent-Type: text/html; charset=utf-8\r\n\r\n").Append(message.Html).Append("\r\n")
            .Append("--").Append(boundary).Append("--\r\n");
        var path = Path.Combine(Directory, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        await File.WriteAllTextAsync(path, eml.ToString(), ct);
        if (environment.IsDevelopment())
        {
            var link = System.Text.RegularExpressions.Regex.Match(message.Text, @"https?://\S+").Value;
            logger.LogInformation("Mail \"{Subject}\" for {To} written to {Path}; its link: {Link}", message.Subject, message.To, path, link);
        }
        else
        {
            logger.LogInformation("Mail \"{Subject}\" written to the pickup folder", message.Subject);
        }
    }
}
