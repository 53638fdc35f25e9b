using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Accounts;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

public sealed class AdminUserTests(AdminStore store) : IClassFixture<AdminStore>
{
    public static TheoryData<string> Urls => ["/admin/users", "/admin/users?q=nobody", "/admin/audit", "/admin/audit?entity=Product",
        "/admin/products/export", "/admin/orders/export", "/admin/orders/export?from=2026-01-01&to=2026-01-31", "/admin/products/import"];

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task Users_audit_and_csv_pages_send_strangers_to_sign_in_refuse_customers_and_open_for_admins(string url)
    {
        var anonymous = store.CreateBrowserlessClient();
        var redirect = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/account/login?", redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var customer = await store.SignedInClientAsync(StoreFactory.NewEmail("customer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(url)).StatusCode);

        var admin = await store.AdminClientAsync();
        var ok = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("no-store", ok.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    public static TheoryData<string> Posts => ["/admin/users?handler=Lock", "/admin/users?handler=Unlock", "/admin/users?handler=Confirm",
        "/admin/users?handler=GrantAdmin", "/admin/users?handler=RevokeAdmin", "/admin/products/import"];

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task User_and_import_posts_send_strangers_to_sign_in_and_refuse_customers(string url)
    {
        var target = StoreFactory.NewEmail("target");
        await store.CreateUserAsync(target);
        var id = await UserIdAsync(target);
        using var form = new FormUrlEncodedContent([new("id", id)]);

        var anonymous = store.CreateBrowserlessClient();
        var redirect = await anonymous.PostAsync(url, form);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/account/login?", redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var customer = await store.SignedInClientAsync(StoreFactory.NewEmail("customer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsync(url, form)).StatusCode);
        // And an admin's post without the form's token is refused without doing anything.
        var admin = await store.AdminClientAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(url, form)).StatusCode);
        using var scope = store.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == id);
        Assert.Null(user.LockoutEnd);
    }

    [Fact]
    public async Task Admin_locks_a_user_who_is_signed_out_at_once_and_cannot_sign_in_until_unlocked()
    {
        var email = StoreFactory.NewEmail("shopper");
        var shopper = await store.SignedInClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await shopper.GetAsync("/account/manage")).StatusCode);
        var admin = await store.AdminClientAsync();

        var page = await Act(admin, email, "Lock");
        Assert.Contains("is locked", Flash(page), StringComparison.Ordinal);
        Assert.NotNull(Row(page, email).QuerySelector(".badge.text-bg-danger"));

        // Their session ended with the new security stamp: the next request is anonymous.
        var after = await shopper.GetAsync("/account/manage");
        Assert.EndsWith("/account/login", after.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        var login = await StoreFactory.Login(store.CreateClient(), email, StoreFactory.Password);
        Assert.Contains(WebApp.Pages.Account.LoginModel.Failure, await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        page = await Act(admin, email, "Unlock");
        Assert.Contains("unlocked", Flash(page), StringComparison.Ordinal);
        var again = await StoreFactory.Login(store.CreateClient(), email, StoreFactory.Password);
        Assert.DoesNotContain(WebApp.Pages.Account.LoginModel.Failure, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = await UserIdAsync(email);
        using var scope = store.Services.CreateScope();
        var trail = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == id && a.Field == "LockoutEnd").ToListAsync();
        Assert.Equal(2, trail.Count);
    }

    [Fact]
    public async Task Admin_confirms_an_email_grants_and_revokes_admin_and_each_is_audited()
    {
        var email = StoreFactory.NewEmail("helper");
        await store.CreateUserAsync(email);
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, false));
        }
        var admin = await store.AdminClientAsync();
        var page = await admin.GetDocumentAsync("/admin/users?q=" + Uri.EscapeDataString(email));
        Assert.NotNull(Row(page, email).QuerySelector(".badge.text-bg-warning"));

        page = await Act(admin, email, "Confirm");
        Assert.Contains("is confirmed", Flash(page), StringComparison.Ordinal);
        // Two steps: the button is inside a closed confirm that says what an admin can do (one tap had made one; an
        // outside review, session 48).
        var confirm = Row(await admin.GetDocumentAsync("/admin/users?q=" + Uri.EscapeDataString(email)), email).QuerySelector("details[data-testid=grant-confirm]:not([open])")!;
        Assert.NotNull(confirm.QuerySelector("button[formaction$='handler=GrantAdmin']"));
        Assert.Contains("will be able to change products", confirm.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("#" + confirm.Closest("tr")!.Id, confirm.QuerySelector("[data-keep]")!.GetAttribute("href"), StringComparison.Ordinal);
        page = await Act(admin, email, "GrantAdmin");
        Assert.Contains("is now an admin", Flash(page), StringComparison.Ordinal);
        var helper = await SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await helper.GetAsync("/admin/users")).StatusCode);

        page = await Act(admin, email, "RevokeAdmin");
        Assert.Contains("no longer an admin", Flash(page), StringComparison.Ordinal);
        // The revoked admin's open session no longer reaches the admin pages.
        var revoked = await helper.GetAsync("/admin/users");
        Assert.Equal("/account/login", revoked.RequestMessage!.RequestUri!.AbsolutePath);

        var audit = await admin.GetDocumentAsync("/admin/audit?entity=StoreUser&entityId=" + await UserIdAsync(email));
        var fields = audit.QuerySelectorAll("tbody tr").Select(r => (r.GetAttribute("data-field"), r.QuerySelector(".audit-old")!.TextContent, r.QuerySelector(".audit-new")!.TextContent)).ToList();
        Assert.Contains(("EmailConfirmed", "No", "Yes"), fields);
        Assert.Contains(("Role", "", "Admin"), fields);
        Assert.Contains(("Role", "Admin", ""), fields);
    }

    [Fact]
    public async Task An_admin_cannot_lock_or_demote_themselves()
    {
        var email = StoreFactory.NewEmail("self");
        var admin = await store.SignedInClientAsync(email, role: Roles.Admin);
        // Their own row offers neither (the buttons were offered, then refused; an outside review, session 44)...
        var list = await admin.GetDocumentAsync("/admin/users?q=" + Uri.EscapeDataString(email));
        var row = Row(list, email);
        Assert.Null(row.QuerySelector("button[formaction$='handler=Lock']"));
        Assert.Null(row.QuerySelector("button[formaction$='handler=RevokeAdmin']"));
        Assert.Equal("You", row.QuerySelector("[data-testid=you]")!.TextContent);
        // ...and a post made by hand is still refused.
        foreach (var (handler, message) in new[] { ("Lock", "cannot lock your own account"), ("RevokeAdmin", "cannot remove your own Admin role") })
        {
            var request = Html.FormRequest((IHtmlFormElement)row.QuerySelector("form")!);
            request.RequestUri = new Uri("/admin/users?handler=" + handler, UriKind.Relative);
            var response = await admin.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(message, Flash(await Html.GetDocumentAsync(response)), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Users_page_searches_pages_shows_orders_link_and_never_a_hash_or_stamp()
    {
        var marker = $"pg{Guid.NewGuid():N}"[..12];
        for (var i = 0; i < 53; i++) await store.CreateUserAsync($"{marker}{i:D2}@example.com");
        var admin = await store.AdminClientAsync();
        var first = await admin.GetDocumentAsync($"/admin/users?q={marker}");
        Assert.StartsWith("53 accounts", first.QuerySelector("#result-count")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(50, first.QuerySelectorAll("tbody tr").Length);
        var second = await admin.GetDocumentAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(3, second.QuerySelectorAll("tbody tr").Length);
        Assert.Equal($"/admin/orders?email={marker}50%40example.com", Row(second, $"{marker}50@example.com").QuerySelector("td[data-label=Orders] a")!.GetAttribute("href"));

        var html = await admin.GetStringAsync($"/admin/users?q={marker}");
        using var scope = store.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>().FindByEmailAsync($"{marker}00@example.com");
        Assert.DoesNotContain(user!.PasswordHash!, html, StringComparison.Ordinal);
        Assert.DoesNotContain(user.SecurityStamp!, html, StringComparison.Ordinal);
        Assert.DoesNotContain(user.ConcurrencyStamp!, html, StringComparison.Ordinal);

        var empty = await admin.GetDocumentAsync("/admin/users?q=no-such-account-anywhere");
        Assert.NotNull(empty.QuerySelector("[data-testid=empty]"));
    }

    [Fact]
    public async Task An_action_on_an_account_that_is_gone_says_so()
    {
        var email = StoreFactory.NewEmail("gone");
        await store.CreateUserAsync(email);
        var admin = await store.AdminClientAsync();
        var page = await admin.GetDocumentAsync("/admin/users?q=" + Uri.EscapeDataString(email));
        var form = (IHtmlFormElement)Row(page, email).QuerySelector("form")!;
        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Users.Where(u => u.Email == email).ExecuteDeleteAsync();
        }
        var response = await admin.SubmitAsync(form, null, (IHtmlElement)form.QuerySelector("button[formaction*=Lock]")!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no longer exists", Flash(await Html.GetDocumentAsync(response)), StringComparison.Ordinal);
    }

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = store.CreateClient();
        await StoreFactory.Login(client, email, StoreFactory.Password);
        return client;
    }

    internal static async Task<IHtmlDocument> Act(HttpClient admin, string email, string handler)
    {
        var page = await admin.GetDocumentAsync("/admin/users?q=" + Uri.EscapeDataString(email));
        var form = (IHtmlFormElement)Row(page, email).QuerySelector("form")!;
        var button = (IHtmlElement)form.QuerySelector($"button[formaction$='handler={handler}']")!;
        var response = await admin.SubmitAsync(form, null, button);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Html.GetDocumentAsync(response);
    }

    internal static AngleSharp.Dom.IElement Row(IHtmlDocument page, string email) =>
        page.QuerySelectorAll("tbody tr").Single(r => r.GetAttribute("data-user") == email);

    internal static string Flash(IHtmlDocument page) => page.QuerySelector("[data-testid=flash]")?.TextContent ?? "";

    private async Task<string> UserIdAsync(string email)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}
