using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Admin;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

public sealed class AdminAuditTests(AdminStore store) : IClassFixture<AdminStore>
{
    [Fact]
    public async Task Audit_log_filters_by_user_entity_and_dates_newest_first_and_pages()
    {
        var who = StoreFactory.NewEmail("auditor");
        await store.CreateUserAsync(who);
        string whoId;
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            whoId = db.Users.Single(u => u.Email == who).Id;
            for (var i = 0; i < 60; i++)
            {
                db.AuditEntries.Add(new AuditEntry
                {
                    ChangeId = $"c{i}", At = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc).AddDays(i % 20).AddMinutes(i),
                    UserId = whoId, UserEmail = who, Action = "Updated", Entity = i % 2 == 0 ? "Product" : "Order", EntityId = $"{i}",
                    Field = "PriceCents", OldValue = $"{i}00", NewValue = $"{i}99",
                });
            }
            await db.SaveChangesAsync();
        }
        var admin = await store.AdminClientAsync();
        var email = Uri.EscapeDataString(who);

        var first = await admin.GetDocumentAsync($"/admin/audit?email={email}");
        Assert.StartsWith("60 entries", first.QuerySelector("#result-count")!.TextContent.Trim(), StringComparison.Ordinal);
        var rows = first.QuerySelectorAll("tbody tr");
        Assert.Equal(50, rows.Length);
        var times = rows.Select(r => r.QuerySelector("td")!.TextContent).ToList();
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
        Assert.Equal("Updated", rows[0].QuerySelector("td[data-label=Action]")!.TextContent);
        Assert.Equal("PriceCents", rows[0].GetAttribute("data-field"));

        var second = await admin.GetDocumentAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(10, second.QuerySelectorAll("tbody tr").Length);

        var products = await admin.GetDocumentAsync($"/admin/audit?email={email}&entity=Product");
        Assert.StartsWith("30 entries", products.QuerySelector("#result-count")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.All(products.QuerySelectorAll("tbody tr"), r => Assert.Equal("Product", r.GetAttribute("data-entity")));

        // Days 1-3 of March hold entries i = 0,1,2, 20,21,22, 40,41,42.
        var days = await admin.GetDocumentAsync($"/admin/audit?email={email}&from=2026-03-01&to=2026-03-03");
        Assert.StartsWith("9 entries", days.QuerySelector("#result-count")!.TextContent.Trim(), StringComparison.Ordinal);

        var one = await admin.GetDocumentAsync($"/admin/audit?entity=Order&entityId=41");
        Assert.Equal("4100", one.QuerySelector("tbody tr .audit-old")!.TextContent);
        Assert.Equal("4199", one.QuerySelector("tbody tr .audit-new")!.TextContent);
    }

    [Fact]
    public async Task Audit_log_shows_an_empty_state_and_a_message_for_reversed_dates()
    {
        var admin = await store.AdminClientAsync();
        var empty = await admin.GetDocumentAsync("/admin/audit?email=nobody-at-all%40example.com");
        Assert.NotNull(empty.QuerySelector("[data-testid=empty]"));

        var reversed = await admin.GetAsync("/admin/audit?from=2026-05-02&to=2026-05-01");
        Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
        Assert.Contains("end date is before the start date", await reversed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/audit?from=not-a-date&page=banana")).StatusCode);

        // An entity the list does not hold showed "0 entries" under "Any" (an outside review, session 48): said, and left out.
        var bogus = await admin.GetDocumentAsync("/admin/audit?entity=Bogus");
        Assert.Contains("Choose an entity from the list.", bogus.QuerySelector("[data-valmsg-for=Entity]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(bogus.QuerySelector("[data-testid=empty]"));
        // The count says the refused filter was left out (it read as if the whole log matched; session 52's review).
        Assert.Contains("without the filter marked above", bogus.QuerySelector("#result-count")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("without the filter", empty.QuerySelector("#result-count")!.TextContent, StringComparison.Ordinal);
        var lower = await admin.GetDocumentAsync("/admin/audit?entity=storeuser");
        Assert.Equal("StoreUser", ((AngleSharp.Html.Dom.IHtmlSelectElement)lower.QuerySelector("select#Entity")!).Value);
        // Digits past any int are a page past the end, shown as the last, as 999999 is (it showed page 1; session 52's review).
        var last = (await admin.GetDocumentAsync("/admin/audit?page=999999")).QuerySelector("[aria-current=page]")?.TextContent;
        Assert.Equal(last, (await admin.GetDocumentAsync("/admin/audit?page=99999999999999999999")).QuerySelector("[aria-current=page]")?.TextContent);
        Assert.Equal((int.MaxValue, 1, 7), (WebApp.Pages.Pager.Requested("99999999999999999999"), WebApp.Pages.Pager.Requested("abc"), WebApp.Pages.Pager.Requested("7")));
        // The name the list shows is taken too ("User" was refused).
        var shown = await admin.GetDocumentAsync("/admin/audit?entity=User");
        Assert.Equal("StoreUser", ((AngleSharp.Html.Dom.IHtmlSelectElement)shown.QuerySelector("select#Entity")!).Value);
        Assert.Null(shown.QuerySelector("[data-valmsg-for=Entity].field-validation-error"));
    }

    [Fact]
    public async Task An_admin_action_shows_in_the_audit_log_with_who_and_old_and_new_values()
    {
        var target = StoreFactory.NewEmail("locked");
        await store.CreateUserAsync(target);
        var adminEmail = StoreFactory.NewEmail("admin");
        var admin = await store.SignedInClientAsync(adminEmail, role: WebApp.Accounts.Roles.Admin);
        await AdminUserTests.Act(admin, target, "Lock");

        var log = await admin.GetDocumentAsync("/admin/audit?email=" + Uri.EscapeDataString(adminEmail));
        var row = log.QuerySelectorAll("tbody tr").Single(r => r.GetAttribute("data-field") == "LockoutEnd");
        Assert.Equal(adminEmail, row.QuerySelector("td[data-label=Who]")!.TextContent);
        Assert.Equal("StoreUser", row.GetAttribute("data-entity"));
        // As a shop owner reads it: the user's email, not their id; "Locked until", not "LockoutEnd"; no lock and a lock
        // with no end in words, not "12/31/9999 00:00:00 +00:00" (an outside review, session 44).
        Assert.Equal(target, row.QuerySelector("td[data-label=Id]")!.TextContent.Trim());
        Assert.Equal("User", row.QuerySelector("td[data-label=Entity]")!.TextContent);
        Assert.Equal("Locked until", row.QuerySelector("td[data-label=Field]")!.TextContent);
        Assert.Equal("Not locked", row.QuerySelector(".audit-old")!.TextContent);
        Assert.Equal("Until further notice", row.QuerySelector(".audit-new")!.TextContent);
    }

    [Fact]
    public async Task A_created_record_across_a_page_boundary_is_one_line_on_one_page()
    {
        // Split by the page size, a product's creation showed as "8 fields" on one page and "5 fields" on the next (a
        // second outside review, session 44). Ten fields created, then 45 updates: the page's 50 entries end inside it.
        var adminEmail = StoreFactory.NewEmail("pager");
        var admin = await store.SignedInClientAsync(adminEmail, role: WebApp.Accounts.Roles.Admin);
        using (var scope = store.Services.CreateScope())
        {
            var principal = await PrincipalAsync(scope, adminEmail);
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var created = scope.ServiceProvider.GetRequiredService<WebApp.Admin.AdminAudit>();
            for (var f = 0; f < 10; f++) created.Record(principal, "Created", "Product", "991", $"Field{f}", null, "x");
            await db.SaveChangesAsync();
            for (var u = 0; u < 45; u++) created.Record(principal, "Updated", "Product", "992", "Stock", $"{u}", $"{u + 1}");
            await db.SaveChangesAsync();
        }

        var first = await admin.GetDocumentAsync("/admin/audit?email=" + Uri.EscapeDataString(adminEmail));
        var second = await admin.GetDocumentAsync("/admin/audit?page=2&email=" + Uri.EscapeDataString(adminEmail));

        Assert.Equal(45, first.QuerySelectorAll("tbody tr").Length);
        Assert.Null(first.QuerySelector("[data-testid=created-fields]"));
        var line = Assert.Single(second.QuerySelectorAll("tbody tr"));
        Assert.Equal("10 fields", line.QuerySelector("[data-testid=created-fields] summary")!.TextContent);
    }

    [Fact]
    public async Task A_created_record_is_one_line_with_its_fields_folded_and_a_bad_date_says_what_to_type()
    {
        var adminEmail = StoreFactory.NewEmail("creator");
        var admin = await store.SignedInClientAsync(adminEmail, role: WebApp.Accounts.Roles.Admin);
        using (var scope = store.Services.CreateScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<WebApp.Admin.AdminAudit>();
            var principal = await PrincipalAsync(scope, adminEmail);
            foreach (var (field, value) in new[] { ("Name", "Folded Kettle"), ("PriceCents", "1999"), ("Stock", "4") })
            {
                audit.Record(principal, "Created", "ProductPhoto", "77", field, null, value);
            }
            await scope.ServiceProvider.GetRequiredService<WebApp.Data.StoreDbContext>().SaveChangesAsync();
        }

        var log = await admin.GetDocumentAsync("/admin/audit?email=" + Uri.EscapeDataString(adminEmail));

        var row = Assert.Single(log.QuerySelectorAll("tbody tr"));
        Assert.Equal("Product photo", row.QuerySelector("td[data-label=Entity]")!.TextContent);
        Assert.Equal("3 fields", row.QuerySelector("[data-testid=created-fields] summary")!.TextContent);
        Assert.Equal(["Name", "Price (cents)", "Stock"], row.QuerySelectorAll("[data-testid=created-fields] dt").Select(d => d.TextContent));
        Assert.Contains("Product photo", log.QuerySelectorAll("select[name=Entity] option").Select(o => o.TextContent));

        var bad = await admin.GetDocumentAsync("/admin/audit?from=not-a-date&to=31.12.2026");
        Assert.Equal("Enter a date such as 2026-12-31.", bad.QuerySelector("[data-valmsg-for=From]")!.TextContent);
        Assert.Equal("Enter a date such as 2026-12-31.", bad.QuerySelector("[data-valmsg-for=To]")!.TextContent);
        // The last day a date picker takes has no day after it: it was a 500 on the audit log, the orders and their
        // export (an outside review, session 44).
        foreach (var url in new[] { "/admin/audit?to=9999-12-31", "/admin/orders?to=9999-12-31", "/admin/orders?from=9999-12-31&to=9999-12-31", "/admin/orders/export?from=9999-12-30&to=9999-12-31" })
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(url)).StatusCode);
        }
    }

    /// <summary>The admin as the audit sees them in a request: their email and id.</summary>
    private static async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(IServiceScope scope, string email)
    {
        var id = (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<WebApp.Accounts.StoreUser>>().FindByEmailAsync(email))!.Id;
        return new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.Email, email), new(System.Security.Claims.ClaimTypes.NameIdentifier, id)], "test"));
    }
}
