namespace WebApp.Mail;

/// <summary>Sends the store's mail (accounts and orders). Swapped in tests and by deployment (pickup folder by default).</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}
