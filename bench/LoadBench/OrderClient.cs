using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace WebApp.Bench;

/// <summary>One line of an order as the store confirmed it.</summary>
public readonly record struct OrderedLine(int ProductId, int Quantity);

/// <summary>An order the store told a client it had placed (201, or 200 for a replayed key), with its lines as answered.</summary>
public sealed record ConfirmedOrder(int OrderId, string Client, IReadOnlyList<OrderedLine> Lines, DateTime ConfirmedAtUtc)
{
    /// <summary>True once the store answered a cancel of it with 200.</summary>
    public bool Cancelled { get; set; }

    /// <summary>A cancel was sent and the store died before answering: it may or may not be cancelled; never sent again.</summary>
    public bool CancelInDoubt { get; set; }
}

/// <summary>
/// A signed-in shopper placing orders through the JSON API with a bearer token and an Idempotency-Key, as the
/// mobile app does: empty the cart, add one to three products, order (pay on delivery), now and then cancel one.
/// It records every order the store confirmed. When the store goes away mid-request the client stops; an order
/// request that got no answer is "in doubt" and is sent again, with the same key and body, once the store is back:
/// the store must then answer with the one order (placed before the crash or now), never a second one.
/// </summary>
public sealed class OrderClient(string email, string password, IReadOnlyList<int> productIds, int seed)
{
    private readonly Random _random = new(seed);
    private string? _token;
    private (string Key, string Body)? _inDoubt;

    public string Email => email;

    /// <summary>Answers the store should never give (a 500, a 400 on a valid body...): each one fails the run.</summary>
    public ConcurrentQueue<string> Unexpected { get; } = new();

    public int Attempts { get; private set; }

    /// <summary>Places orders until <paramref name="stop"/> or until the store stops answering.</summary>
    public async Task RunAsync(Uri store, ConcurrentQueue<ConfirmedOrder> confirmed, CancellationToken stop)
    {
        using var http = Client(store);
        try
        {
            await SignInAsync(http);
            if (_inDoubt is not null) await ResolveInDoubtAsync(http, confirmed);
            while (!stop.IsCancellationRequested)
            {
                await PlaceOneAsync(http, confirmed);
                if (_random.Next(5) == 0 && confirmed.LastOrDefault(o => o.Client == email && !o.Cancelled && !o.CancelInDoubt) is { } mine) await CancelAsync(http, mine);
            }
        }
        catch (HttpRequestException) { }          // the store was killed: what was in flight is in doubt
        catch (TaskCanceledException) { }
        catch (IOException) { }
        catch (InvalidOperationException e) { Unexpected.Enqueue(e.Message); }
    }

    /// <summary>After a restart: the order request that got no answer, sent again with its key and body.</summary>
    public async Task ResolveInDoubtAsync(Uri store, ConcurrentQueue<ConfirmedOrder> confirmed)
    {
        if (_inDoubt is null) return;
        using var http = Client(store);
        await SignInAsync(http);
        await ResolveInDoubtAsync(http, confirmed);
    }

    private async Task ResolveInDoubtAsync(HttpClient http, ConcurrentQueue<ConfirmedOrder> confirmed)
    {
        var (key, body) = _inDoubt!.Value;
        await OrderAsync(http, key, body, confirmed);
    }

    private static HttpClient Client(Uri store) => new(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 1 })
    {
        BaseAddress = store,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private async Task SignInAsync(HttpClient http)
    {
        // Tokens are protected by the store's persisted keys, so the one from before a crash still works.
        if (_token is null)
        {
            using var response = await http.PostAsync(new Uri("/api/v1/auth/login", UriKind.Relative), Json(new { email, password }));
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{email} could not sign in: {(int)response.StatusCode} {text}");
            _token = JsonDocument.Parse(text).RootElement.GetProperty("accessToken").GetString();
        }
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }

    private async Task PlaceOneAsync(HttpClient http, ConcurrentQueue<ConfirmedOrder> confirmed)
    {
        Attempts++;
        using (var cart = await SendAsync(http, HttpMethod.Get, "/api/v1/cart", null))
        {
            foreach (var item in cart.RootElement.GetProperty("items").EnumerateArray())
            {
                (await SendAsync(http, HttpMethod.Delete, $"/api/v1/cart/items/{item.GetProperty("productId").GetInt32()}", null)).Dispose();
            }
        }
        long? subtotal = null;
        foreach (var productId in Enumerable.Range(0, _random.Next(1, 4)).Select(_ => productIds[_random.Next(productIds.Count)]).Distinct())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/cart/items", UriKind.Relative)) { Content = Json(new { productId, quantity = _random.Next(1, 4) }) };
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Conflict) continue;   // not enough in stock: another product
            if (!response.IsSuccessStatusCode) { Unexpected.Enqueue($"add to cart: {(int)response.StatusCode} {text}"); continue; }
            subtotal = JsonDocument.Parse(text).RootElement.GetProperty("subtotalCents").GetInt64();
        }
        if (subtotal is null) return;

        var key = Guid.NewGuid().ToString();
        var body = JsonSerializer.Serialize(new
        {
            fullName = "Crash Test", addressLine1 = "12 Analytical Row", city = "London", postalCode = "N1 9GU", country = "GB",
            phone = "+44 20 7946 0958", shippingMethod = "standard", paymentMethod = "cod", quotedSubtotalCents = subtotal,
        });
        _inDoubt = (key, body);
        await OrderAsync(http, key, body, confirmed);
    }

    private async Task OrderAsync(HttpClient http, string key, string body, ConcurrentQueue<ConfirmedOrder> confirmed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/orders", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        _inDoubt = null;
        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
        {
            var order = JsonDocument.Parse(text).RootElement;
            var lines = order.GetProperty("lines").EnumerateArray()
                .Select(l => new OrderedLine(l.GetProperty("productId").GetInt32(), l.GetProperty("quantity").GetInt32())).ToList();
            var id = order.GetProperty("id").GetInt32();
            // A replay after a crash answers an order this client may already hold (its answer was lost in the kill).
            if (!confirmed.Any(o => o.OrderId == id)) confirmed.Enqueue(new ConfirmedOrder(id, email, lines, DateTime.UtcNow));
        }
        else if (response.StatusCode != HttpStatusCode.Conflict)   // 409: stock ran out or the cart emptied; nothing placed
        {
            Unexpected.Enqueue($"order: {(int)response.StatusCode} {text}");
        }
    }

    private async Task CancelAsync(HttpClient http, ConfirmedOrder order)
    {
        order.CancelInDoubt = true;
        using var response = await http.PostAsync(new Uri($"/api/v1/orders/{order.OrderId}/cancel", UriKind.Relative), null);
        var text = await response.Content.ReadAsStringAsync();
        order.CancelInDoubt = false;
        if (response.IsSuccessStatusCode) order.Cancelled = true;
        else Unexpected.Enqueue($"cancel {order.OrderId}: {(int)response.StatusCode} {text}");
    }

    private static async Task<JsonDocument> SendAsync(HttpClient http, HttpMethod method, string url, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{email} ({Attempts} attempts)");
}
