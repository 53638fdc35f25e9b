using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Accounts;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Api;

/// <summary>The store for API tests, with helpers that act as an app would: JSON in, JSON out, bearer tokens.</summary>
public class ApiStore : StoreFactory
{
    protected override int SeedProducts => 80;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ThrowingApiCall>());
    }

    /// <summary>"/api/v1/__test/throw" fails the way a bug in an endpoint would.</summary>
    private sealed class ThrowingApiCall : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use(async (HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (context.Request.Path == "/api/v1/__test/throw") throw new InvalidOperationException("Deliberate API failure with secret detail");
                await nextMiddleware(context);
            });
        };
    }

    /// <summary>An app's client: no cookies kept, no redirects followed.</summary>
    public HttpClient AppClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>A browser's client: keeps cookies, follows no redirects.</summary>
    public HttpClient CookieClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password = Password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });

    /// <summary>A new confirmed account and an app client carrying its bearer token.</summary>
    public async Task<(HttpClient Client, string Email, JsonElement Tokens)> BearerClientAsync(string prefix = "app")
    {
        var email = NewEmail(prefix);
        await CreateUserAsync(email);
        var client = AppClient();
        var response = await LoginAsync(client, email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return (client, email, tokens);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with this status, and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await JsonAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static HttpRequestMessage Json(HttpMethod method, string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    public static HttpRequestMessage Raw(HttpMethod method, string url, string body, string contentType = "application/json", string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    public static readonly object CashOnDelivery = new
    {
        fullName = "Ada Lovelace", addressLine1 = "12 Analytical Row", city = "London", postalCode = "N1 9GU", country = "GB",
        phone = "+44 20 7946 0958", shippingMethod = "standard", paymentMethod = "cod",
    };

    /// <summary>The order body for the cart as it is now: the address above, pay on delivery, the cart's subtotal.</summary>
    public static async Task<Dictionary<string, object?>> OrderBodyAsync(HttpClient client, string paymentMethod = "cod")
    {
        var cart = await JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK);
        return new Dictionary<string, object?>
        {
            ["fullName"] = "Ada Lovelace", ["addressLine1"] = "12 Analytical Row", ["city"] = "London", ["postalCode"] = "N1 9GU",
            ["country"] = "GB", ["phone"] = "+44 20 7946 0958", ["shippingMethod"] = "standard", ["paymentMethod"] = paymentMethod,
            ["quotedSubtotalCents"] = cart.GetProperty("subtotalCents").GetInt64(),
        };
    }

    /// <summary>The cart's order body paid by the test card <paramref name="number"/> (4242... is approved, 4000 0000 0000 0002 declined).</summary>
    public static async Task<Dictionary<string, object?>> CardOrderBodyAsync(HttpClient client, string number = "4242 4242 4242 4242")
    {
        var body = await OrderBodyAsync(client, "card");
        foreach (var (field, value) in ShopStore.TestCard(number).Where(f => f.Key.StartsWith("Input.Card", StringComparison.Ordinal)))
        {
            body[char.ToLowerInvariant(field["Input.".Length]) + field["Input.".Length..][1..]] = value;
        }
        return body;
    }

    public static async Task AddAsync(HttpClient client, int productId, int quantity = 1) =>
        await JsonAsync(await client.SendAsync(Json(HttpMethod.Post, "/api/v1/cart/items", new { productId, quantity })), HttpStatusCode.OK);

    /// <summary>An active product with stock set to <paramref name="stock"/> (prices and names as seeded).</summary>
    public async Task<int> ProductWithStockAsync(int stock, int skip = 0)
    {
        int id;
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            id = await db.Products.OrderBy(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync();
        }
        await SetProductAsync(id, stock);
        return id;
    }

    public async Task<int> StockAsync(int productId)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync();
    }

    public async Task<List<WebApp.Orders.Order>> OrdersOfAsync(string email)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return await db.Orders.AsNoTracking().Include(o => o.Lines).Where(o => o.Email == email).OrderBy(o => o.Id).ToListAsync();
    }

    public async Task<int> OrderCountForProductAsync(int productId)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return await db.OrderLines.CountAsync(l => l.ProductId == productId);
    }

    /// <summary>An access token for <paramref name="email"/>, issued as the login endpoint would, without spending a sign-in.</summary>
    public Task<string> IssueTokenAsync(string email) => IssueAsync(email, TimeSpan.FromHours(1), o => o.BearerTokenProtector);

    /// <summary>A refresh token for <paramref name="email"/>, as the login endpoint issues one, without spending a sign-in.</summary>
    public Task<string> IssueRefreshTokenAsync(string email) => IssueAsync(email, TimeSpan.FromDays(1), o => o.RefreshTokenProtector);

    private async Task<string> IssueAsync(string email, TimeSpan lifetime,
        Func<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions, Microsoft.AspNetCore.Authentication.ISecureDataFormat<Microsoft.AspNetCore.Authentication.AuthenticationTicket>> protector)
    {
        using var scope = Services.CreateScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<StoreUser>>();
        var principal = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByEmailAsync(email))!);
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>>()
            .Get(IdentityConstants.BearerScheme);
        var ticket = new Microsoft.AspNetCore.Authentication.AuthenticationTicket(principal, IdentityConstants.BearerScheme);
        ticket.Properties.ExpiresUtc = DateTimeOffset.UtcNow.Add(lifetime);
        return protector(options).Protect(ticket);
    }

    public async Task WithUserAsync(string email, Func<UserManager<StoreUser>, StoreUser, Task> change)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await change(users, user);
    }
}
