using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace WebApp.Mail;

/// <summary>
/// Sends account mail through an SMTP server with MailKit when <c>Email:Smtp:Host</c> is set (port, user, password,
/// from address and STARTTLS from the same section). MailKit over System.Net.Mail: maintained, and does modern TLS.
/// </summary>
public sealed class SmtpEmailSender(IConfiguration configuration, MailLayout layout, ILogger<SmtpEmailSender> logger) : IMailTransport
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var smtp = configuration.GetSection("Email:Smtp");
        var mime = new MimeMessage();
        mime.From.Add(smtp["From"] is { Length: > 0 } from ? MailboxAddress.Parse(from) : new MailboxAddress(layout.StoreName, "no-reply@webapp.local"));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        if (message.OneClickStop is { } stop)
        {
            mime.Headers.Add(HeaderId.ListUnsubscribe, $"<{stop}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();

        // Port 465 speaks TLS from the first byte; otherwise STARTTLS is required, never "when available": a server
        // (or a man in the middle) that does not offer it would get the password and the links in clear text.
        // Email:Smtp:StartTls=false is for a relay on the same machine only.
        var port = smtp.GetValue("Port", 587);
        var security = port == 465 ? SecureSocketOptions.SslOnConnect
            : smtp.GetValue("StartTls", true) ? SecureSocketOptions.StartTls
            : SecureSocketOptions.None;
        if (security == SecureSocketOptions.None && smtp["User"] is { Length: > 0 } && !IsLocal(smtp["Host"]!))
        {
            throw new InvalidOperationException("Refusing to send SMTP credentials without TLS to a server that is not on this machine: set Email:Smtp:StartTls=true.");
        }
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp["Host"]!, port, security, ct);
        if (smtp["User"] is { Length: > 0 } user) await client.AuthenticateAsync(user, smtp["Password"] ?? "", ct);
        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(true, ct);
        logger.LogInformation("Mail \"{Subject}\" sent through {Host}", message.Subject, smtp["Host"]);
    }

    private static bool IsLocal(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
}
