using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace WebApp.Bench;

/// <summary>
/// An anonymous shopper on one kept-alive connection with its own cookie jar (the cart and antiforgery cookies): it
/// browses, searches, opens product pages and adds to the cart with the antiforgery token the product page gave it,
/// as the page's script does (Accept: application/json). After a few adds it leaves and a new shopper takes its
/// connection, so carts stay the size real carts are.
/// </summary>
public sealed partial class Shopper(Uri store, Catalogue catalogue, Recorder recorder, int seed) : IDisposable
{
    private const int AddsPerShopper = 8;
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = 1,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    { BaseAddress = store, Timeout = TimeSpan.FromSeconds(30) };
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, string> _cookies = [];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private (string ProductUrl, string Token)? _form;
    private int _adds;
    private readonly HashSet<string> _added = [];

    /// <summary>Where the figures go: each phase of a run has its own.</summary>
    public Recorder Recorder { get; set; } = recorder;

    /// <summary>The share of each endpoint in a shopper's requests (percent): browsing first, as in a real store.</summary>
    public static readonly (Endpoint Endpoint, int Percent)[] Mix =
    [
        (Endpoint.Home, 8), (Endpoint.Department, 8), (Endpoint.Category, 14), (Endpoint.Search, 18),
        (Endpoint.Product, 24), (Endpoint.AddToCart, 10), (Endpoint.Cart, 8), (Endpoint.Healthz, 10),
    ];

    public Task NextAsync()
    {
        var roll = _random.Next(100);
        foreach (var (endpoint, percent) in Mix)
        {
            if (roll < percent) return RequestAsync(endpoint);
            roll -= percent;
        }
        return RequestAsync(Endpoint.Healthz);
    }

    /// <summary>One request of the kind; an add to the cart first opens a product page when the shopper has no form yet (counted as a product page).</summary>
    public async Task RequestAsync(Endpoint endpoint)
    {
        switch (endpoint)
        {
            case Endpoint.Healthz: await GetAsync(endpoint, "/healthz"); break;
            case Endpoint.Home: await GetAsync(endpoint, "/"); break;
            case Endpoint.Department: await GetAsync(endpoint, Pick(catalogue.Departments) + Page()); break;
            case Endpoint.Category: await GetAsync(endpoint, Pick(catalogue.Categories) + Page()); break;
            case Endpoint.Search: await GetAsync(endpoint, "/search?q=" + Uri.EscapeDataString(Pick(catalogue.Words))); break;
            case Endpoint.Product: await ProductAsync(); break;
            case Endpoint.AddToCart: await AddToCartAsync(); break;
            case Endpoint.Cart: await GetAsync(endpoint, "/cart"); break;
            default: throw new ArgumentOutOfRangeException(nameof(endpoint));
        }
    }

    private string Pick(IReadOnlyList<string> list) => list[_random.Next(list.Count)];

    // Mostly the first page, as shoppers browse; sometimes deeper or another sort.
    private string Page() => _random.Next(4) switch
    {
        0 when catalogue.DeepestPage > 1 => $"?page={_random.Next(2, catalogue.DeepestPage + 1)}",
        1 => "?sort=price-asc",
        _ => "",
    };

    private async Task ProductAsync()
    {
        var url = Pick(catalogue.ProductUrls);
        // A shopper's request token is good for every form while its antiforgery cookie lasts, so only the first page
        // is decoded and searched for it: the bench's own string and regex work stays out of the store's figures.
        if (_form is { } known)
        {
            if (await GetAsync(Endpoint.Product, url) is not null) _form = (url, known.Token);
            return;
        }
        var html = await GetAsync(Endpoint.Product, url, keepBody: true);
        if (html is not null && TokenField().Match(html) is { Success: true } match) _form = (url, WebUtility.HtmlDecode(match.Groups[1].Value));
    }

    private async Task AddToCartAsync()
    {
        if (_form is null) await ProductAsync();
        if (_form is not { } form) return;
        // The product on screen, or (already in the cart) another one with the same token, as from a listing's form:
        // adding one product again and again would only hit its stock.
        var productUrl = _added.Contains(form.ProductUrl) ? Pick(catalogue.ProductUrls) : form.ProductUrl;
        if (!_added.Add(productUrl)) return;
        var productId = productUrl.Split('/')[2];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/cart?handler=Add", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([
                new("ProductId", productId), new("Quantity", "1"), new("ReturnUrl", productUrl), new("__RequestVerificationToken", form.Token)]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        var body = await SendAsync(Endpoint.AddToCart, request, keepBody: true, ok: r => r.StatusCode == HttpStatusCode.OK);
        if (body is not null && !body.Contains("\"ok\":true", StringComparison.Ordinal)) Recorder.Add(Endpoint.AddToCart, 0, ok: false, body);
        if (++_adds >= AddsPerShopper) Leave();
    }

    /// <summary>A new shopper on the same connection: no cookies, no cart, no token.</summary>
    private void Leave()
    {
        _cookies.Clear();
        _added.Clear();
        _form = null;
        _adds = 0;
    }

    private Task<string?> GetAsync(Endpoint endpoint, string url, bool keepBody = false) =>
        SendAsync(endpoint, new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative)), keepBody, r => r.StatusCode == HttpStatusCode.OK);

    private async Task<string?> SendAsync(Endpoint endpoint, HttpRequestMessage request, bool keepBody, Func<HttpResponseMessage, bool> ok)
    {
        using (request)
        {
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                string? body = null;
                if (keepBody || !ok(response)) body = await response.Content.ReadAsStringAsync();
                else
                {
                    // The whole page is read into one reused buffer: the client's own garbage stays out of the figures.
                    await using var stream = await response.Content.ReadAsStreamAsync();
                    while (await stream.ReadAsync(_buffer) > 0) { }
                }
                watch.Stop();
                if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
                {
                    foreach (var cookie in cookies)
                    {
                        var pair = cookie.Split(';', 2)[0].Split('=', 2);
                        if (pair.Length == 2) _cookies[pair[0]] = pair[1];
                    }
                }
                var success = ok(response);
                Recorder.Add(endpoint, watch.Elapsed.TotalMilliseconds, success, success ? null : $"{request.RequestUri} {(int)response.StatusCode} {Shorten(body)}");
                return success ? body ?? "" : null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Recorder.Add(endpoint, watch.Elapsed.TotalMilliseconds, ok: false, $"{request.RequestUri} {e.GetType().Name}: {e.Message}");
                return null;
            }
        }
    }

    private static string? Shorten(string? body) => body is { Length: > 200 } ? body[..200] : body;

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public void Dispose() => _http.Dispose();
}
