namespace WebApp.Mail;

/// <summary>
/// Drains <see cref="MailOutbox"/> one message at a time, for the life of the app. When the store stops, the message
/// being sent and those already queued (a reset link asked for a second ago) still go out; only when the host's
/// shutdown timeout runs out is what is left abandoned.
/// </summary>
public sealed class MailDelivery(MailOutbox outbox) : BackgroundService
{
    private readonly CancellationTokenSource _abandon = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in outbox.Pending.ReadAllAsync(stoppingToken))
            {
                await outbox.DeliverAsync(message, _abandon.Token);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || _abandon.IsCancellationRequested)
        {
        }
        try
        {
            while (outbox.Pending.TryRead(out var message)) await outbox.DeliverAsync(message, _abandon.Token);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
        }
    }

    /// <param name="cancellationToken">Cancelled by the host when its shutdown timeout runs out.</param>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var abandon = cancellationToken.Register(_abandon.Cancel);
        await base.StopAsync(cancellationToken);
    }

    // Cancelled, not disposed, like the base class's own token source: a host stopped twice (a test host) may still
    // call StopAsync after Dispose, and a cancelled source holds nothing to release.
    public override void Dispose()
    {
        _abandon.Cancel();
        base.Dispose();
    }
}
