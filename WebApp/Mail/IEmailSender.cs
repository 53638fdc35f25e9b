namespace WebApp.Mail;

/// <summary>
/// What pages and use cases call to send the store's mail (accounts and orders). It never waits on the mail server and
/// never fails the request: <see cref="MailOutbox"/> queues the message for <see cref="MailDelivery"/>.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}
