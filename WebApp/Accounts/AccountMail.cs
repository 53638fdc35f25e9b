using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Identity;
using WebApp.Mail;

namespace WebApp.Accounts;

/// <summary>What a shopper asked to be mailed about their account from a form anyone can send.</summary>
public enum AccountMailKind
{
    ResetPassword,
    Confirm,
}

/// <summary>
/// The mails "forgot password" and "resend confirmation" ask for, made in the background: the request only queues the
/// address typed, so it does the same work, and takes the same time, whether the address has an account or not. Looking
/// the account up and making its token in the request took ~0.6 ms longer for an account, which 60 posts told apart
/// (an outside review, session 44). An address is also sent at most <c>Accounts:MailsPerAddressPerHour</c> (5) such
/// mails an hour, the register page's "already registered" notice among them: the per-client rate limit alone let one
/// client send an inbox ~14,000 reset mails a day (the same review). The answer on the page is the same either way.
/// <c>Email:SendInBackground=false</c> (tests) makes them at once, in the request.
/// </summary>
public sealed class AccountMail(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<AccountMail> logger) : BackgroundService
{
    private sealed record Request(AccountMailKind Kind, string Email, string SiteUrl);

    private readonly Channel<Request> _queue = Channel.CreateBounded<Request>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly bool _background = configuration.GetValue("Email:SendInBackground", true);
    private readonly int _perHour = configuration.GetValue("Accounts:MailsPerAddressPerHour", 5);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="siteUrl">The store's address for the mail's link, without a trailing slash (MailLinks).</param>
    public async Task RequestAsync(AccountMailKind kind, string email, string siteUrl)
    {
        var request = new Request(kind, email.Trim(), siteUrl);
        if (!_background) await MakeAsync(request, CancellationToken.None);
        else if (!_queue.Writer.TryWrite(request)) logger.LogError("Account mail queue is full; a {Kind} mail was dropped", kind);
    }

    /// <summary>
    /// Whether one more account mail may go to <paramref name="email"/> now, counting it when it may. Also asked by the
    /// register page before it mails an address that is taken.
    /// </summary>
    public bool MayMail(string email)
    {
        var now = clock.GetUtcNow();
        var sent = _sent.GetOrAdd(email.Trim(), _ => new Queue<DateTimeOffset>());
        lock (sent)
        {
            while (sent.Count > 0 && now - sent.Peek() >= TimeSpan.FromHours(1)) sent.Dequeue();
            if (sent.Count >= _perHour)
            {
                logger.LogWarning(AccountEvents.AccountMailHeld, "An account mail was not sent: its address had {Count} in the last hour", sent.Count);
                return false;
            }
            sent.Enqueue(now);
        }
        // Addresses quiet for an hour are forgotten, so the map holds at most an hour of addresses.
        if (_sent.Count > 10_000)
        {
            foreach (var (address, times) in _sent)
            {
                lock (times)
                {
                    if (times.Count == 0 || now - times.Last() >= TimeSpan.FromHours(1)) _sent.TryRemove(address, out _);
                }
            }
        }
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await MakeAsync(request, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "A {Kind} mail could not be made", request.Kind);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task MakeAsync(Request request, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
        // Reset: unconfirmed accounts too, since resetting through the mailbox is how its owner takes back an address
        // someone else registered. Confirm: only an account not yet confirmed.
        if (await users.FindByEmailAsync(request.Email) is not { } user || (request.Kind == AccountMailKind.Confirm && user.EmailConfirmed)) return;
        if (!MayMail(user.Email!)) return;
        if (request.Kind == AccountMailKind.Confirm)
        {
            await scope.ServiceProvider.GetRequiredService<ConfirmationMail>().SendAsync(user, request.SiteUrl, ct);
            return;
        }
        var code = AccountTokens.Encode(await users.GeneratePasswordResetTokenAsync(user));
        var path = scope.ServiceProvider.GetRequiredService<LinkGenerator>().GetPathByPage("/Account/ResetPassword", values: new { email = user.Email, code });
        await scope.ServiceProvider.GetRequiredService<IEmailSender>().SendAsync(scope.ServiceProvider.GetRequiredService<AccountMessages>().ResetPassword(user.Email!, request.SiteUrl + path), ct);
        logger.LogInformation(AccountEvents.PasswordResetRequested, "Password reset requested for user {UserId}", user.Id);
    }
}
