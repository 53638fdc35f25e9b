namespace WebApp.Currency;

/// <summary>The "Rates" section: where exchange rates come from, how long they count, and how hard we try to get them.</summary>
public sealed class RatesOptions
{
    /// <summary>
    /// Frankfurter/ECB-style JSON (<c>{"base":"USD","date":"...","rates":{"EUR":0.91}}</c>); <c>{base}</c> becomes the
    /// store's currency (<c>Checkout:Currency</c>). Empty turns fetching off (stored rates are still used).
    /// </summary>
    public string Url { get; set; } = "https://api.frankfurter.dev/v1/latest?base={base}";

    /// <summary>Currencies a shopper may pick, in the order the picker lists them; the store's own is always offered.</summary>
    public List<string> Currencies { get; set; } = [];

    /// <summary>How long a fetched set counts as current before the background refresh asks again.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After a failed refresh, the next try comes this much later (the circuit breaker keeps tries cheap meanwhile).</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A set older than this is not shown any more: prices fall back to the store's currency.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(3);

    /// <summary>One HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>All attempts of one refresh together, retries and their waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public int Retries { get; set; } = 2;

    /// <summary>The first wait before a retry; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed attempts (within <see cref="BreakSampling"/>, at least half of all attempts) that open the circuit.</summary>
    public int BreakAfter { get; set; } = 4;

    public TimeSpan BreakSampling { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an open circuit refuses calls without touching the network.</summary>
    public TimeSpan BreakFor { get; set; } = TimeSpan.FromMinutes(5);

    public Uri? UrlFor(string baseCurrency) =>
        string.IsNullOrWhiteSpace(Url) ? null : new Uri(Url.Replace("{base}", Uri.EscapeDataString(baseCurrency), StringComparison.Ordinal), UriKind.Absolute);
}
