using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Accounts;
using WebApp.Admin;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

/// <summary>A store of its own: these tests count the admins, so no other test may add one.</summary>
public sealed class AdminSelfDeletionTests(AdminStore store) : IClassFixture<AdminStore>
{
    [Fact]
    public async Task The_last_admin_cannot_delete_their_own_account_even_when_two_admins_try_at_once()
    {
        var firstEmail = StoreFactory.NewEmail("first");
        var secondEmail = StoreFactory.NewEmail("second");
        var first = await store.SignedInClientAsync(firstEmail, role: Roles.Admin);
        var second = await store.SignedInClientAsync(secondEmail, role: Roles.Admin);

        // Both press "Delete my account" at the same moment: one goes, the other is told it is the last admin.
        var forms = await Task.WhenAll(DeleteFormAsync(first), DeleteFormAsync(second));
        var responses = await Task.WhenAll(
            first.SendAsync(Html.FormRequest(forms[0], Password())),
            second.SendAsync(Html.FormRequest(forms[1], Password())));
        Assert.Equal(1, await AdminCountAsync());
        var refusedPages = new List<IHtmlDocument>();
        foreach (var response in responses)
        {
            var page = await Html.GetDocumentAsync(response);
            if (page.QuerySelector("form#delete") is not null) refusedPages.Add(page);
        }
        var refused = Assert.Single(refusedPages);
        Assert.Contains("last admin", refused.QuerySelector("[data-testid=delete-refused]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Nothing was deleted", refused.QuerySelector("[data-testid=delete-refused]")!.TextContent, StringComparison.Ordinal);

        // The survivor tries again on their own: refused, still an admin, still signed in to the admin pages.
        var survivorEmail = (await AdminEmailsAsync()).Single()!;
        var survivor = survivorEmail == firstEmail ? first : second;
        var again = await survivor.SubmitAsync(await DeleteFormAsync(survivor), Password());
        Assert.Contains("last admin", (await Html.GetDocumentAsync(again)).QuerySelector("[data-testid=delete-refused]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([survivorEmail], await AdminEmailsAsync());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await survivor.GetAsync("/admin")).StatusCode);

        // Another admin who is locked out cannot sign in, so does not count.
        var lockedEmail = StoreFactory.NewEmail("locked");
        await store.CreateUserAsync(lockedEmail, role: Roles.Admin);
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            await db.Users.Where(u => u.Email == lockedEmail)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnabled, true).SetProperty(u => u.LockoutEnd, UserAdministration.LockedForever));
        }
        var stillRefused = await survivor.SubmitAsync(await DeleteFormAsync(survivor), Password());
        Assert.NotNull((await Html.GetDocumentAsync(stillRefused)).QuerySelector("form#delete"));
        Assert.Contains(survivorEmail, await AdminEmailsAsync());

        // With an active admin beside them, they may go.
        await store.CreateUserAsync(StoreFactory.NewEmail("successor"), role: Roles.Admin);
        await survivor.SubmitAsync(await DeleteFormAsync(survivor), Password());
        using var check = store.Services.CreateScope();
        Assert.Null(await check.ServiceProvider.GetRequiredService<UserManager<StoreUser>>().FindByEmailAsync(survivorEmail));
    }

    [Fact]
    public async Task A_customer_still_deletes_their_own_account_and_no_admin_role_appears()
    {
        var email = StoreFactory.NewEmail("customer");
        var client = await store.SignedInClientAsync(email);
        var rolesBefore = await RoleCountAsync();

        await client.SubmitAsync(await DeleteFormAsync(client), Password());

        using var scope = store.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>().FindByEmailAsync(email));
        Assert.Equal(rolesBefore, await RoleCountAsync());
    }

    private static Dictionary<string, string> Password() => new() { ["Delete.Password"] = StoreFactory.Password };

    private static async Task<IHtmlFormElement> DeleteFormAsync(HttpClient client) =>
        (IHtmlFormElement)(await client.GetDocumentAsync("/account/manage")).QuerySelector("form#delete")!;

    private async Task<int> AdminCountAsync() => (await AdminEmailsAsync()).Count;

    private async Task<List<string?>> AdminEmailsAsync()
    {
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return await db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .Join(db.Users, id => id, u => u.Id, (_, u) => u.Email).ToListAsync();
    }

    private async Task<int> RoleCountAsync()
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Roles.CountAsync();
    }
}
