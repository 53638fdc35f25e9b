using WebApp.Mail;

namespace WebApp.Tests.Observability;

/// <summary>A mail server that holds the first message until the test lets it go, and honours cancellation as MailKit does.</summary>
public sealed class HeldMailTransport : IMailTransport
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource FirstArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<string> Sent { get; } = [];

    public void Release() => _release.TrySetResult();

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        FirstArrived.TrySetResult();
        await _release.Task.WaitAsync(ct);
        lock (Sent) Sent.Add(message.Subject);
    }
}
