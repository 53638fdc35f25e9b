using System.Threading.Channels;

namespace WebApp.Mail;

/// <summary>
/// Queues mail for delivery in the background. A request that sends mail then takes as long, and answers the same,
/// as one that does not: a slow or broken mail server can neither reveal which addresses have accounts nor turn a
/// form post into a 500. <c>Email:SendInBackground=false</c> (tests) sends at once instead, still never throwing.
/// </summary>
public sealed class MailOutbox(IMailTransport transport, IConfiguration configuration, ILogger<MailOutbox> logger) : IEmailSender
{
    private readonly Channel<EmailMessage> _queue = Channel.CreateBounded<EmailMessage>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly bool _background = configuration.GetValue("Email:SendInBackground", true);

    public ChannelReader<EmailMessage> Pending => _queue.Reader;

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        if (_background)
        {
            if (!_queue.Writer.TryWrite(message)) logger.LogError("Mail queue is full; \"{Subject}\" was dropped", message.Subject);
            return;
        }
        await DeliverAsync(message, ct);
    }

    /// <summary>Sends one message, trying again with growing pauses; a message that still fails is logged, not thrown.</summary>
    public async Task DeliverAsync(EmailMessage message, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await transport.SendAsync(message, ct);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 3 && _background)
            {
                logger.LogWarning(e, "Sending \"{Subject}\" failed (attempt {Attempt}); trying again", message.Subject, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt * 5), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Sending \"{Subject}\" failed; the message was not sent", message.Subject);
                return;
            }
        }
    }
}
