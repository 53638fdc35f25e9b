namespace WebApp.Mail;

/// <summary>Drains <see cref="MailOutbox"/> one message at a time, for the life of the app.</summary>
public sealed class MailDelivery(MailOutbox outbox) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in outbox.Pending.ReadAllAsync(stoppingToken))
            {
                await outbox.DeliverAsync(message, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
