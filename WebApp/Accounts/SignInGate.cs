using System.Collections.Concurrent;

namespace WebApp.Accounts;

/// <summary>
/// One password or code check at a time per account. Identity counts failures by reading the count, adding one and
/// saving: checks sent at the same moment all read the same count, so twenty parallel guesses were counted as a few
/// and the lockout never came. Inside the gate each check reads the count the previous one saved. In process: one
/// server; several would need the count moved into one atomic database update.
/// </summary>
public sealed class SignInGate
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string userId, CancellationToken ct = default)
    {
        var gate = _gates.GetOrAdd(userId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Exit(gate);
    }

    // Gates are kept (one small object per account that has tried to sign in): removing an idle one could let a
    // waiter on the old gate and a newcomer on a fresh one run side by side.
    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
