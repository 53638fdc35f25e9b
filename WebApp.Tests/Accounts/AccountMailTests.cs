using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Accounts;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Accounts;

/// <summary>
/// "Forgot password" and "resend confirmation" with mail made in the background, as outside tests: the request only
/// queues the address, so an account's answer took no longer than a stranger's (it did, by ~0.6 ms, and an outside
/// review told them apart, session 44); and one address gets at most five account mails an hour.
/// </summary>
public sealed class AccountMailTests(BackgroundMailStore store) : IClassFixture<BackgroundMailStore>
{
    [Fact]
    public async Task Any_address_gets_the_same_answer_and_only_the_accounts_owner_gets_mail()
    {
        var (confirmed, unconfirmed, stranger) = (StoreFactory.NewEmail("known"), StoreFactory.NewEmail("unconfirmed"), StoreFactory.NewEmail("stranger"));
        await store.CreateUserAsync(confirmed);
        await CreateUnconfirmedAsync(unconfirmed);
        var client = store.CreateClient();

        var forgot = new List<string>();
        foreach (var email in new[] { confirmed, unconfirmed, stranger }) forgot.Add(await BodyAsync(await PostAsync(client, "/account/forgot-password", "Input.Email", email)));
        var resend = new List<string>();
        foreach (var email in new[] { confirmed, unconfirmed, stranger }) resend.Add(await BodyAsync(await PostAsync(client, "/account/resend-confirmation", "Email", email)));

        Assert.Single(forgot.Select(b => b.Replace(confirmed, "@").Replace(unconfirmed, "@").Replace(stranger, "@", StringComparison.Ordinal)).Distinct());
        Assert.Single(resend.Select(b => b.Replace(confirmed, "@").Replace(unconfirmed, "@").Replace(stranger, "@", StringComparison.Ordinal)).Distinct());
        // A reset for each account (unconfirmed too: resetting is how an address's owner takes it back), a confirmation
        // for the unconfirmed one only, nothing for the stranger.
        await WaitForAsync(() => store.MailCount(confirmed) == 1 && store.MailCount(unconfirmed) == 2);
        Assert.Contains("/account/reset-password", store.MailLink(confirmed, "/account/reset-password"), StringComparison.Ordinal);
        Assert.Contains("/account/confirm-email", store.MailLink(unconfirmed, "/account/confirm-email"), StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Equal((1, 2, 0), (store.MailCount(confirmed), store.MailCount(unconfirmed), store.MailCount(stranger)));
    }

    [Fact]
    public async Task One_address_gets_at_most_five_account_mails_an_hour_and_the_answer_does_not_say_so()
    {
        // Sixty "forgot password" posts sent one inbox sixty mails in seconds (an outside review, session 44).
        var email = StoreFactory.NewEmail("flooded");
        await store.CreateUserAsync(email);
        var client = store.CreateClient();

        var answers = new List<string>();
        for (var i = 0; i < 8; i++) answers.Add(await BodyAsync(await PostAsync(client, "/account/forgot-password", "Input.Email", email)));

        Assert.Single(answers.Distinct());
        await WaitForAsync(() => store.MailCount(email) == 5);
        await Task.Delay(300);
        Assert.Equal(5, store.MailCount(email));
        // Registering the address again sends no "already registered" notice past the five either.
        var register = await client.GetDocumentAsync("/account/register");
        var registered = await client.SubmitAsync((IHtmlFormElement)register.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = StoreFactory.Password, ["Input.ConfirmPassword"] = StoreFactory.Password,
        });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        await Task.Delay(300);
        Assert.Equal(5, store.MailCount(email));
        Assert.Contains(store.Logs.Entries, e => e.EventId.Id == AccountEvents.AccountMailHeld.Id && !e.Message.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_strangers_address_typed_as_a_new_email_is_mailed_at_most_five_times_an_hour()
    {
        // Seven email changes to one typed address sent it seven mails (a second outside review, session 44).
        var (owner, victim) = (StoreFactory.NewEmail("changer"), StoreFactory.NewEmail("victim"));
        var client = await store.SignedInClientAsync(owner);
        for (var i = 0; i < 7; i++)
        {
            var manage = await client.GetDocumentAsync("/account/manage");
            var sent = await client.SubmitAsync((IHtmlFormElement)manage.QuerySelector("form#change-email")!,
                new Dictionary<string, string> { ["ChangeEmail.NewEmail"] = victim, ["ChangeEmail.CurrentPassword"] = StoreFactory.Password });
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }
        await WaitForAsync(() => store.MailCount(victim) >= 5);
        await Task.Delay(300);
        Assert.Equal(5, store.MailCount(victim));
    }

    private async Task CreateUnconfirmedAsync(string email)
    {
        using var scope = store.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
        Assert.True((await users.CreateAsync(new StoreUser { UserName = email, Email = email, CreatedAt = DateTime.UtcNow }, StoreFactory.Password)).Succeeded);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string field, string email)
    {
        var form = (IHtmlFormElement)(await client.GetDocumentAsync(page)).QuerySelector("main form")!;
        var response = await client.SubmitAsync(form, new Dictionary<string, string> { [field] = email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response) =>
        (await Html.GetDocumentAsync(response)).QuerySelector("main")!.TextContent.Trim();

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 50)
        {
            if (waited > 10_000) Assert.Fail("The mail did not arrive within 10 s.");
            await Task.Delay(50);
        }
    }
}
