using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace WebApp.Mail;

/// <summary>
/// Sends account mail through an SMTP server with MailKit when <c>Email:Smtp:Host</c> is set (port, user, password,
/// from address and STARTTLS from the same section). MailKit over System.Net.Mail: maintained, and does modern TLS.
/// </summary>
public sealed class SmtpEmailSender(IConfiguration configuration, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var smtp = configuration.GetSection("Email:Smtp");
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(smtp["From"] ?? "WebApp Store <no-reply@webapp.local>"));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();

        using var client = new SmtpClient();
        var security = smtp.GetValue("StartTls", true) ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None;
        await client.ConnectAsync(smtp["Host"]!, smtp.GetValue("Port", 587), security, ct);
        if (smtp["User"] is { Length: > 0 } user) await client.AuthenticateAsync(user, smtp["Password"] ?? "", ct);
        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(true, ct);
        logger.LogInformation("Mail \"{Subject}\" sent through {Host}", message.Subject, smtp["Host"]);
    }
}
