namespace WebApp.Mail;

/// <summary>How a message leaves the store (pickup folder or SMTP); only <see cref="MailOutbox"/> calls it.</summary>
public interface IMailTransport
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}
