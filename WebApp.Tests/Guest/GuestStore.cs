using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using WebApp.Data;
using WebApp.Orders;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Guest;

/// <summary>A store for guest checkout and mail tests: a shop name with characters HTML must encode, and helpers that act as a guest.</summary>
public class GuestStore : StoreFactory
{
    public const string StoreName = "Harbour & Co <Goods>";

    protected override int SeedProducts => 60;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Store:Name", StoreName);
        builder.UseSetting("Store:ContactEmail", "help@harbour.example");
    }

    /// <summary>Fills the checkout as a guest (address, test card, <paramref name="email"/>) and follows the answer.</summary>
    public static Task<HttpResponseMessage> GuestCheckoutAsync(HttpClient client, string email, IDictionary<string, string>? values = null) =>
        ShopStore.CheckoutAsync(client, new Dictionary<string, string>(values ?? ShopStore.TestCard()) { ["Input.Email"] = email });

    /// <summary>The order id of the guest page a checkout landed on (fails with the page's messages otherwise).</summary>
    public static async Task<int> GuestOrderIdOf(HttpResponseMessage response)
    {
        var path = response.RequestMessage!.RequestUri!.AbsolutePath;
        if (response.StatusCode != HttpStatusCode.OK || !path.StartsWith("/guest/orders/", StringComparison.Ordinal))
        {
            var page = await Html.GetDocumentAsync(response);
            var messages = string.Join(" | ", page.QuerySelectorAll(".text-danger, .alert").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0));
            Assert.Fail($"Expected a guest order page, got {(int)response.StatusCode} {path}: {messages}");
        }
        return int.Parse(path["/guest/orders/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The newest mail to <paramref name="email"/> whose subject contains <paramref name="subject"/>, parsed.</summary>
    public MimeMessage Mail(string email, string subject)
    {
        var found = Directory.GetFiles(MailDirectory, "*.eml").OrderBy(f => f, StringComparer.Ordinal).Select(f => MimeMessage.Load(f))
            .LastOrDefault(m => m.To.Mailboxes.Any(a => a.Address == email) && (m.Subject ?? "").Contains(subject, StringComparison.Ordinal));
        Assert.True(found is not null, $"No mail to {email} about \"{subject}\"");
        return found;
    }

    /// <summary>The path and query of the guest order link in a mail's plain-text part.</summary>
    public static string GuestLinkIn(MimeMessage mail) =>
        new Uri(System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+/guest/orders/\d+\?token=[A-Za-z0-9_\-]+").Value).PathAndQuery;

    public async Task<Order> OrderAsync(int id)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == id);
    }

    public async Task RenameProductAsync(int id, string name)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var product = await db.Products.SingleAsync(p => p.Id == id);
        product.Name = name;
        await db.SaveChangesAsync();
    }

    public async Task<int> StockOfAsync(int id)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return await db.Products.Where(p => p.Id == id).Select(p => p.Stock).SingleAsync();
    }

    public async Task<string?> UserIdOfAsync(string email)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleOrDefaultAsync();
    }
}
