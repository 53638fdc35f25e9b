using System.Diagnostics;

namespace WebApp.Bench;

/// <summary>Spaces requests from all connections to a steady total rate (the soak's "half of peak"), without bursts to catch up.</summary>
public sealed class Pacer(double requestsPerSecond)
{
    private readonly long _interval = (long)(Stopwatch.Frequency / requestsPerSecond);
    private readonly Lock _gate = new();
    private long _next = Stopwatch.GetTimestamp();

    public async Task WaitAsync()
    {
        long slot, now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            slot = Math.Max(_next, now);
            _next = slot + _interval;
        }
        if (slot > now) await Task.Delay(Stopwatch.GetElapsedTime(now, slot));
    }
}
