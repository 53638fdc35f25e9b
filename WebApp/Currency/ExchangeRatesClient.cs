using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using WebApp.Checkout;

namespace WebApp.Currency;

/// <summary>
/// The typed <see cref="HttpClient"/> for the rates service. Timeouts, retries and the circuit breaker sit in its
/// handler (<see cref="CurrencyServices"/>); this turns whatever happened into a <see cref="RatesFetch"/>.
/// </summary>
public sealed class ExchangeRatesClient(HttpClient http, IOptions<RatesOptions> options, IOptions<CheckoutOptions> checkout, TimeProvider clock)
{
    /// <summary>Rates payloads are a few KB; anything much larger is not one.</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    public const string CircuitOpen = "the circuit is open after repeated failures, so the service was not asked";

    public async Task<RatesFetch> FetchAsync(CancellationToken ct)
    {
        var baseCurrency = checkout.Value.Currency;
        if (options.Value.UrlFor(baseCurrency) is not { } url) return RatesFetch.Failed("no Rates:Url is configured");
        try
        {
            using var response = await http.GetAsync(url, ct);
            if (!response.IsSuccessStatusCode) return RatesFetch.Failed($"the service answered HTTP {(int)response.StatusCode}");
            var json = await response.Content.ReadAsStringAsync(ct);
            var set = RatesPayload.Read(json, baseCurrency, clock.GetUtcNow().UtcDateTime, out var problem);
            return set is null ? RatesFetch.Failed($"its answer was refused: {problem}") : new RatesFetch(set, null);
        }
        catch (BrokenCircuitException)
        {
            return RatesFetch.Failed(CircuitOpen);
        }
        catch (TimeoutRejectedException)
        {
            return RatesFetch.Failed("the service did not answer in time");
        }
        catch (HttpRequestException e)
        {
            return RatesFetch.Failed($"the service could not be reached ({e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return RatesFetch.Failed("the service did not answer in time");
        }
    }
}
