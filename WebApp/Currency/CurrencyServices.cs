using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;

namespace WebApp.Currency;

public static class CurrencyServices
{
    /// <summary>Display currencies: the rates client and its resilience, the in-memory rates and their refresher, the shopper's choice.</summary>
    public static WebApplicationBuilder AddStoreCurrency(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RatesOptions>().Bind(builder.Configuration.GetSection("Rates"))
            .Validate(o => string.IsNullOrWhiteSpace(o.Url) || (Uri.TryCreate(o.Url.Replace("{base}", "USD", StringComparison.Ordinal), UriKind.Absolute, out var u) && u.Scheme is "http" or "https"),
                "Rates:Url must be an absolute http(s) URL, or empty to turn fetching off.")
            .Validate(o => o.AttemptTimeout >= TimeSpan.FromMilliseconds(10) && o.TotalTimeout >= o.AttemptTimeout && o.TotalTimeout <= TimeSpan.FromHours(1),
                "Rates:AttemptTimeout must be at least 10 ms and Rates:TotalTimeout at least as long, at most an hour.")
            .Validate(o => o.Retries is >= 0 and <= 10 && o.RetryDelay >= TimeSpan.Zero && o.BreakAfter >= 2
                && o.BreakSampling >= TimeSpan.FromMilliseconds(500) && o.BreakFor >= TimeSpan.FromMilliseconds(500),
                "Rates:Retries must be 0-10, Rates:BreakAfter at least 2, Rates:BreakSampling and Rates:BreakFor at least 0.5 s.")
            .Validate(o => o.CacheFor > TimeSpan.Zero && o.RetryAfterFailure > TimeSpan.Zero && o.MaxAge >= o.CacheFor,
                "Rates:CacheFor and Rates:RetryAfterFailure must be positive, Rates:MaxAge at least Rates:CacheFor.")
            .ValidateOnStart();

        builder.Services.AddHttpClient<ExchangeRatesClient>((services, http) =>
            {
                var o = services.GetRequiredService<IOptions<RatesOptions>>().Value;
                // A backstop only: the resilience handler's total timeout always ends a call first.
                http.Timeout = o.TotalTimeout + TimeSpan.FromSeconds(5);
                http.MaxResponseContentBufferSize = ExchangeRatesClient.MaxPayloadBytes;
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            })
            // One line per request at Information is noise for a call made every hour; ExchangeRates logs the outcome.
            .RemoveAllLoggers()
            .AddResilienceHandler("rates", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<RatesOptions>>().Value;
                // Outermost first, as the standard handler orders them: the total budget, then retries, then the breaker
                // counting every attempt, then each attempt's own timeout.
                pipeline.AddTimeout(o.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(o.Retries, 1),
                        ShouldHandle = o.Retries == 0 ? _ => PredicateResult.False() : new HttpRetryStrategyOptions().ShouldHandle,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = o.RetryDelay,
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5,
                        MinimumThroughput = o.BreakAfter,
                        SamplingDuration = o.BreakSampling,
                        BreakDuration = o.BreakFor,
                    })
                    .AddTimeout(o.AttemptTimeout);
            });

        builder.Services.AddSingleton<ExchangeRates>();
        builder.Services.AddSingleton<CurrencyChoice>();
        builder.Services.AddHostedService<ExchangeRateRefresher>();
        // Polly logs every failed attempt of this client as an error with its stack trace: for a remote we expect to lose
        // (no internet in CI, an outage) that floods the log. ExchangeRates logs one line per outage instead.
        builder.Services.Configure<TelemetryOptions>(telemetry =>
        {
            var severity = telemetry.SeverityProvider;
            telemetry.SeverityProvider = args => args.Source.PipelineName?.StartsWith(nameof(ExchangeRatesClient), StringComparison.Ordinal) == true
                ? ResilienceEventSeverity.Debug
                : severity?.Invoke(args) ?? args.Event.Severity;
        });
        return builder;
    }
}
