using System.Net;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Accounts;
using WebApp.Admin;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

/// <summary>A store of its own: these tests count the admins, so no other test may add one.</summary>
public sealed class AdminLastAdminTests(AdminStore store) : IClassFixture<AdminStore>
{
    [Fact]
    public async Task The_last_admin_cannot_be_locked_or_demoted_and_two_admins_demoting_each_other_leave_one()
    {
        var firstEmail = StoreFactory.NewEmail("first");
        var first = await store.SignedInClientAsync(firstEmail, role: Roles.Admin);
        var firstId = await IdAsync(firstEmail);

        // Only reachable when the acting admin lost the role in the meantime (a race), so asked of the use case directly.
        using (var scope = store.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var someoneElse = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "former-admin")], "test"));
            var locked = await users.LockAsync(someoneElse, firstId, CancellationToken.None);
            Assert.False(locked.Done);
            Assert.Contains("last admin", locked.Message, StringComparison.Ordinal);
            var demoted = await users.RevokeAdminAsync(someoneElse, firstId, CancellationToken.None);
            Assert.False(demoted.Done);
            Assert.Contains("last admin", demoted.Message, StringComparison.Ordinal);
        }

        var secondEmail = StoreFactory.NewEmail("second");
        var second = await store.SignedInClientAsync(secondEmail, role: Roles.Admin);
        var firstPage = await first.GetDocumentAsync("/admin/users?q=" + Uri.EscapeDataString(secondEmail));
        var secondPage = await second.GetDocumentAsync("/admin/users?q=" + Uri.EscapeDataString(firstEmail));
        var firstForm = (AngleSharp.Html.Dom.IHtmlFormElement)AdminUserTests.Row(firstPage, secondEmail).QuerySelector("form")!;
        var secondForm = (AngleSharp.Html.Dom.IHtmlFormElement)AdminUserTests.Row(secondPage, firstEmail).QuerySelector("form")!;
        var responses = await Task.WhenAll(
            first.SendAsync(Html.FormRequest(firstForm, null, (AngleSharp.Html.Dom.IHtmlElement)firstForm.QuerySelector("button[formaction$='handler=RevokeAdmin']")!)),
            second.SendAsync(Html.FormRequest(secondForm, null, (AngleSharp.Html.Dom.IHtmlElement)secondForm.QuerySelector("button[formaction$='handler=RevokeAdmin']")!)));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Forbidden, r.StatusCode.ToString()));

        using var check = store.Services.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<StoreDbContext>();
        var admins = await db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId).ToListAsync();
        Assert.Single(admins);
    }

    private async Task<string> IdAsync(string email)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}
