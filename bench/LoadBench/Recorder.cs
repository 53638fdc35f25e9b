namespace WebApp.Bench;

/// <summary>Latencies and errors per endpoint; one per phase.</summary>
public sealed class Recorder
{
    private readonly List<double>[] _ms = [.. Enum.GetValues<Endpoint>().Select(_ => new List<double>())];
    private readonly int[] _errors = new int[Enum.GetValues<Endpoint>().Length];
    private readonly Lock _gate = new();

    public bool Recording { get; set; } = true;

    public List<string> ErrorSamples { get; } = [];

    public void Add(Endpoint endpoint, double ms, bool ok, string? error = null)
    {
        if (!Recording) return;
        lock (_gate)
        {
            if (ok) _ms[(int)endpoint].Add(ms);
            else
            {
                _errors[(int)endpoint]++;
                if (ErrorSamples.Count < 10 && error is not null) ErrorSamples.Add($"{endpoint}: {error}");
            }
        }
    }

    public Figures For(Endpoint endpoint, double seconds)
    {
        lock (_gate)
        {
            var sorted = _ms[(int)endpoint].Order().ToArray();
            double P(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            return new Figures(sorted.Length, sorted.Length / seconds, P(0.50), P(0.99), _errors[(int)endpoint]);
        }
    }

    public long Total
    {
        get { lock (_gate) return _ms.Sum(m => (long)m.Count) + _errors.Sum(); }
    }
}

public sealed record Figures(int Count, double Rps, double P50, double P99, int Errors);
