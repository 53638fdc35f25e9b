using Microsoft.EntityFrameworkCore;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Accounts;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Accounts;

public sealed class HttpsCookieTests(HttpsAccountStore store) : IClassFixture<HttpsAccountStore>
{
    [Fact]
    public async Task Mail_links_use_the_configured_base_url()
    {
        var client = store.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://shop.example.com") });
        var page = await client.GetDocumentAsync("/account/register");
        await client.SubmitAsync((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Email"] = "baseurl@example.com",
            ["Input.Password"] = StoreFactory.Password,
            ["Input.ConfirmPassword"] = StoreFactory.Password,
        });
        Assert.StartsWith("https://shop.example.com/account/confirm-email?", store.MailLink("baseurl@example.com", "/account/confirm-email"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_https_the_auth_cookie_is_secure_and_host_prefixed()
    {
        using (var scope = store.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
            Assert.True((await users.CreateAsync(new StoreUser { UserName = "secure@example.com", Email = "secure@example.com", EmailConfirmed = true }, StoreFactory.Password)).Succeeded);
        }
        var client = store.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://shop.example.com"), AllowAutoRedirect = false });

        var response = await StoreFactory.Login(client, "secure@example.com", StoreFactory.Password);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-WebApp.Auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/manage")).StatusCode);
    }
}

public sealed class AccountTests(AccountStore store) : IClassFixture<AccountStore>
{
    private const string Password = StoreFactory.Password;

    [Fact]
    public async Task Shopper_registers_confirms_the_email_and_signs_in()
    {
        var client = store.CreateClient();
        var register = await StoreFactory.RegisterAsync(client, "ada@example.com", Password);
        Assert.EndsWith("/account/check-email", register.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        // It names the address typed, with the ways out of a mistyped one (session 52's review); once only.
        var sent = await Html.GetDocumentAsync(register);
        Assert.Contains("If ada@example.com can be used", sent.QuerySelector("[data-testid=check-email-address]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(sent.QuerySelector("a[href='/account/resend-confirmation']"));
        Assert.Null((await client.GetDocumentAsync("/account/check-email")).QuerySelector("[data-testid=check-email-address]"));

        // Not before the email is confirmed, and with the same message as any other failure.
        var early = await Html.GetDocumentAsync(await StoreFactory.Login(client, "ada@example.com", Password));
        Assert.Contains(WebApp.Pages.Account.LoginModel.Failure, early.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var confirmed = await Html.GetDocumentAsync(await store.ConfirmAsync(client, "ada@example.com"));
        Assert.Contains("your email is confirmed", confirmed.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        await client.SubmitAsync((IHtmlFormElement)confirmed.QuerySelector("header form[action='/account/logout']")!);

        var home = await Html.GetDocumentAsync(await StoreFactory.Login(client, "ada@example.com", Password));
        Assert.Equal("/", home.Url.Replace("http://localhost", "", StringComparison.Ordinal));
        Assert.Equal("ada@example.com", home.QuerySelector("[data-testid=signed-in-as]")!.TextContent);
    }

    [Fact]
    public async Task Registering_a_taken_email_looks_exactly_like_registering_a_new_one()
    {
        var client = store.CreateClient();
        await StoreFactory.RegisterAsync(client, "taken@example.com", Password);
        var mails = store.MailCount("taken@example.com");

        var again = await StoreFactory.RegisterAsync(store.CreateClient(), "taken@example.com", "another long passphrase here");
        var fresh = await StoreFactory.RegisterAsync(store.CreateClient(), "fresh@example.com", Password);

        Assert.Equal(fresh.StatusCode, again.StatusCode);
        Assert.Equal(fresh.RequestMessage!.RequestUri!.AbsolutePath, again.RequestMessage!.RequestUri!.AbsolutePath);
        // The same page but for the address each typed, which the page names back to the browser that typed it.
        Assert.Equal((await Body(fresh)).Replace("fresh@example.com", "", StringComparison.Ordinal), (await Body(again)).Replace("taken@example.com", "", StringComparison.Ordinal));
        // Only the owner learns, by mail, that someone tried: a notice with sign-in and reset links, no new confirmation.
        Assert.Equal(mails + 1, store.MailCount("taken@example.com"));
        Assert.Contains("/account/forgot-password", store.MailLink("taken@example.com", "/account/forgot-password"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short pass", "short pass", "at least 12")]
    [InlineData("unbelievable", "unbelievable", "leaked passwords")]
    [InlineData(StoreFactory.Password, "correct horse battery stapl", "do not match")]
    public async Task Weak_or_mismatched_passwords_are_refused_with_a_message_beside_the_field(string password, string confirm, string message)
    {
        var client = store.CreateClient();
        var page = await client.GetDocumentAsync("/account/register");
        var response = await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Email"] = StoreFactory.NewEmail("weak"),
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = await Html.GetDocumentAsync(response);
        var errors = string.Join(" ", form.QuerySelectorAll(".field-validation-error").Select(e => e.TextContent));
        Assert.Contains(message, errors, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_129_character_password_is_refused_and_128_accepted()
    {
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.RegisterAsync(store.CreateClient(), "long128@example.com", new string('x', 120) + "abcdefgh")).StatusCode);
        var tooLong = await Html.GetDocumentAsync(await StoreFactory.RegisterAsync(store.CreateClient(), "long129@example.com", new string('x', 121) + "abcdefgh"));
        Assert.NotEmpty(tooLong.QuerySelectorAll(".field-validation-error"));
    }

    [Fact]
    public async Task Five_failures_lock_the_account_and_the_answer_never_says_so()
    {
        var client = await store.SignedInClientAsync("locked@example.com");
        var attacker = store.CreateClient();
        for (var i = 0; i < 5; i++) await StoreFactory.Login(attacker, "locked@example.com", "wrong password number " + i);

        var locked = await Html.GetDocumentAsync(await StoreFactory.Login(attacker, "locked@example.com", Password));
        var unknown = await Html.GetDocumentAsync(await StoreFactory.Login(attacker, "nobody-here@example.com", Password));

        Assert.Null(locked.QuerySelector("[data-testid=signed-in-as]"));
        Assert.Equal(unknown.QuerySelector("[role=alert]")!.TextContent.Trim(), locked.QuerySelector("[role=alert]")!.TextContent.Trim());
        using var scope = store.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync("locked@example.com"))!));
    }

    [Fact]
    public async Task Posting_a_form_without_its_antiforgery_token_is_refused()
    {
        var client = store.CreateClient();
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "x@example.com",
            ["Input.Password"] = Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    public async Task Return_url_only_ever_redirects_within_the_site(string returnUrl)
    {
        await store.SignedInClientAsync(StoreFactory.NewEmail("return"));
        var client = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = StoreFactory.NewEmail("ret");
        await store.SignedInClientAsync(email);

        var response = await StoreFactory.Login(client, email, Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_copied_session_cookie_stops_working_after_sign_out()
    {
        var email = StoreFactory.NewEmail("copy");
        var client = await store.SignedInClientAsync(email, role: WebApp.Accounts.Roles.Admin);
        var thief = store.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

        // Sign in again on a cookie-less client to read the cookie a thief would copy.
        var login = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await StoreFactory.Login(login, email, Password);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".WebApp.Auth=", StringComparison.Ordinal)).Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, (await thief.GetWithCookieAsync("/admin", cookie)).StatusCode);

        var home = await client.GetDocumentAsync("/");
        var logout = await client.SubmitAsync((IHtmlFormElement)home.QuerySelector("header form[action='/account/logout']")!);
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Null((await Html.GetDocumentAsync(logout)).QuerySelector("[data-testid=signed-in-as]"));

        var after = await thief.GetWithCookieAsync("/admin", cookie);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>Every admin URL; later issues add theirs here, and the access rules are checked for each.</summary>
    public static TheoryData<string> AdminUrls => ["/admin"];

    [Theory]
    [MemberData(nameof(AdminUrls))]
    public async Task Admin_pages_send_strangers_to_sign_in_and_show_customers_a_403(string url)
    {
        var anonymous = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var redirect = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/account/login?", redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var customer = await store.SignedInClientAsync(StoreFactory.NewEmail("customer"));
        var forbidden = await customer.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("Access denied", (await Html.GetDocumentAsync(forbidden)).QuerySelector("h1")!.TextContent);

        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("admin"), role: WebApp.Accounts.Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Admin_home_counts_products_and_users()
    {
        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("counts"), role: WebApp.Accounts.Roles.Admin);
        var dashboard = await admin.GetDocumentAsync("/admin");
        Assert.Equal("50", dashboard.QuerySelector("[data-testid=products]")!.TextContent);
        Assert.True(int.Parse(dashboard.QuerySelector("[data-testid=users]")!.TextContent, System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task Account_pages_and_logins_set_a_httponly_lax_cookie_and_login_is_not_cached()
    {
        var email = StoreFactory.NewEmail("cookie");
        await store.SignedInClientAsync(email);
        var client = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await StoreFactory.Login(client, email, Password);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".WebApp.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase);   // no "remember me": a browser session
    }

    [Fact]
    public async Task Account_pages_are_never_cached()
    {
        var response = await store.CreateClient().GetAsync("/account/login");
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_keeps_the_session_because_the_keys_live_in_the_database()
    {
        var email = StoreFactory.NewEmail("restart");
        await store.SignedInClientAsync(email, role: WebApp.Accounts.Roles.Admin);
        var login = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var cookie = (await StoreFactory.Login(login, email, Password)).Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith(".WebApp.Auth=", StringComparison.Ordinal)).Split(';')[0];

        using var restarted = new StoreFactory { DatabasePath = store.DatabasePath, OwnsDatabase = false };
        var client = restarted.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.OK, (await client.GetWithCookieAsync("/admin", cookie)).StatusCode);
    }

    [Fact]
    public async Task Forgot_password_answers_known_and_unknown_addresses_alike_and_the_mailed_link_resets_it()
    {
        var email = StoreFactory.NewEmail("forgot");
        await store.SignedInClientAsync(email);

        var known = await Forgot(store.CreateClient(), email);
        var unknown = await Forgot(store.CreateClient(), StoreFactory.NewEmail("ghost"));
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await Body(known), await Body(unknown));

        var client = store.CreateClient();
        var resetPage = await client.GetDocumentAsync(new Uri(store.MailLink(email, "/account/reset-password")).PathAndQuery);
        var reset = await client.SubmitAsync((IHtmlFormElement)resetPage.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Password"] = "a brand new long passphrase",
            ["Input.ConfirmPassword"] = "a brand new long passphrase",
        });
        Assert.NotNull((await Html.GetDocumentAsync(reset)).QuerySelector("[data-testid=done]"));

        Assert.Null((await Html.GetDocumentAsync(await StoreFactory.Login(store.CreateClient(), email, Password))).QuerySelector("[data-testid=signed-in-as]"));
        Assert.NotNull((await Html.GetDocumentAsync(await StoreFactory.Login(store.CreateClient(), email, "a brand new long passphrase"))).QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task A_reset_ends_a_lockout_from_wrong_passwords_but_never_an_admins_lock()
    {
        // Five wrong passwords lock an account for 15 minutes; its owner, proving the mailbox, may end that with a reset.
        var forgetful = StoreFactory.NewEmail("forgetful");
        await store.CreateUserAsync(forgetful);
        for (var i = 0; i < 5; i++) await StoreFactory.Login(store.CreateClient(), forgetful, "not the password at all");
        Assert.Null((await Html.GetDocumentAsync(await StoreFactory.Login(store.CreateClient(), forgetful, StoreFactory.Password))).QuerySelector("[data-testid=signed-in-as]"));
        var done = await ResetAsync(forgetful, "a brand new long passphrase");
        Assert.Contains("Sign in with the new one", done.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await Html.GetDocumentAsync(await StoreFactory.Login(store.CreateClient(), forgetful, "a brand new long passphrase"))).QuerySelector("[data-testid=signed-in-as]"));

        // An admin's lock "until further notice" ended the same way, unrecorded: a customer locked for fraud was back in
        // from their own mailbox within a minute (session 52's outside review).
        var locked = StoreFactory.NewEmail("locked");
        await store.CreateUserAsync(locked);
        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("admin"), role: WebApp.Accounts.Roles.Admin);
        await WebApp.Tests.Admin.AdminUserTests.Act(admin, locked, "Lock");
        done = await ResetAsync(locked, "a brand new long passphrase");
        // The link, used, says so on opening.
        Assert.NotNull((await store.CreateClient().GetDocumentAsync(new Uri(store.MailLink(locked, "/account/reset-password")).PathAndQuery)).QuerySelector("[data-testid=link-dead]"));
        Assert.Contains("the store has locked this account", done.TextContent, StringComparison.Ordinal);
        Assert.Null((await Html.GetDocumentAsync(await StoreFactory.Login(store.CreateClient(), locked, "a brand new long passphrase"))).QuerySelector("[data-testid=signed-in-as]"));
        using var scope = store.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<WebApp.Data.StoreDbContext>().Users.AsNoTracking().SingleAsync(u => u.Email == locked);
        Assert.Equal(WebApp.Admin.UserAdministration.LockedForever, user.LockoutEnd);
    }

    [Fact]
    public async Task Each_account_change_says_it_was_done_and_a_reset_sends_the_changed_password_notice()
    {
        // Session 52's outside review: a reset sent no notice, turning two-factor off and deleting the account said
        // nothing, and changing the address to one's own said a link was sent when none was.
        var email = StoreFactory.NewEmail("told");
        await store.CreateUserAsync(email);
        var mails = store.MailCount(email);
        await ResetAsync(email, "a brand new long passphrase");
        Assert.Equal(mails + 2, store.MailCount(email)); // the reset link, then the notice
        Assert.Contains("changed with a reset link", LastMailTo(email), StringComparison.Ordinal);

        var own = StoreFactory.NewEmail("selfchange");
        var owner = await store.SignedInClientAsync(own);
        var manage = await owner.GetDocumentAsync("/account/manage");
        var page = await Html.GetDocumentAsync(await owner.SubmitAsync((IHtmlFormElement)manage.QuerySelector("form#change-email")!, new Dictionary<string, string>
        {
            ["ChangeEmail.NewEmail"] = own.ToUpperInvariant(), ["ChangeEmail.CurrentPassword"] = StoreFactory.Password,
        }));
        Assert.Equal("That is already your email address.", page.QuerySelector("[data-valmsg-for='ChangeEmail.NewEmail']")!.TextContent.Trim());

        await WebApp.Tests.Security.AccountAttackTests.EnableTwoFactorAsync(owner);
        var twoFactor = await owner.GetDocumentAsync("/account/manage/two-factor");
        var off = await Html.GetDocumentAsync(await owner.SubmitAsync((IHtmlFormElement)twoFactor.QuerySelector("form#disable-2fa")!, new Dictionary<string, string> { ["Password"] = StoreFactory.Password }));
        Assert.StartsWith("Two-factor sign-in is now off.", off.QuerySelector("[data-testid=flash]")!.TextContent.Trim(), StringComparison.Ordinal);

        manage = await owner.GetDocumentAsync("/account/manage");
        var gone = await Html.GetDocumentAsync(await owner.SubmitAsync((IHtmlFormElement)manage.QuerySelector("form#delete")!, new Dictionary<string, string> { ["Delete.Password"] = StoreFactory.Password }));
        Assert.Equal("/", new Uri(gone.Url).AbsolutePath);
        Assert.Equal("Your account has been deleted and you are signed out.", gone.QuerySelector("[data-testid=flash]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Wrong_passwords_at_the_confirmation_link_lock_for_a_while_but_do_not_kill_the_link()
    {
        // Five wrong passwords there changed the account's stamp (to end sessions it cannot have), so the mailed link
        // said "That link did not work" for good (session 52's review).
        var email = StoreFactory.NewEmail("confirmlock");
        await StoreFactory.RegisterAsync(store.CreateClient(), email, StoreFactory.Password);
        var link = store.ConfirmationLink(email);
        for (var i = 0; i < 5; i++) await store.ConfirmAsync(store.CreateClient(), email, "not the password at all");
        Assert.NotNull((await store.CreateClient().GetDocumentAsync(link)).QuerySelector("form#confirm-email"));

        // Once the lockout is over, the same link confirms.
        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<WebApp.Data.StoreDbContext>().Users.Where(u => u.Email == email)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }
        var confirmed = await Html.GetDocumentAsync(await store.ConfirmAsync(store.CreateClient(), email));
        Assert.NotNull(confirmed.QuerySelector("[data-testid=signed-in-as]"));
    }

    private string LastMailTo(string email) => Directory.GetFiles(store.MailDirectory, "*.eml").OrderBy(f => f, StringComparer.Ordinal)
        .Select(File.ReadAllText).Last(text => text.Contains($"To: {email}", StringComparison.Ordinal));

    private async Task<AngleSharp.Dom.IElement> ResetAsync(string email, string password)
    {
        await Forgot(store.CreateClient(), email);
        var client = store.CreateClient();
        var resetPage = await client.GetDocumentAsync(new Uri(store.MailLink(email, "/account/reset-password")).PathAndQuery);
        var reset = await client.SubmitAsync((IHtmlFormElement)resetPage.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
        return (await Html.GetDocumentAsync(reset)).QuerySelector("[data-testid=done]")!;
    }

    [Fact]
    public async Task A_reset_link_cut_short_says_so_and_offers_a_new_one_rather_than_a_form_with_hidden_errors()
    {
        var client = store.CreateClient();
        // Opened without its query (a mail client cut it), the form's summary said "The Email field is required." and
        // "The Code field is required.", linked to hidden fields (session 50's second review).
        foreach (var cut in new[] { "/account/reset-password", "/account/reset-password?email=a%40example.com", "/account/reset-password?code=abc" })
        {
            var page = await client.GetDocumentAsync(cut);
            Assert.Contains("This link is incomplete", page.QuerySelector("[data-testid=link-incomplete]")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(page.QuerySelector("[data-testid=link-incomplete] a[href='/account/forgot-password']"));
            Assert.Null(page.QuerySelector("main form"));
        }

        // A whole link that cannot work (made up, used, superseded) says so on opening, with the way to a new one: the form
        // was shown, and only two typed passwords later came "This reset link is not valid" (session 52's review).
        var dead = await client.GetDocumentAsync("/account/reset-password?email=a%40example.com&code=abc");
        Assert.NotNull(dead.QuerySelector("[data-testid=link-dead] a[href='/account/forgot-password']"));
        Assert.Null(dead.QuerySelector("main form"));

        // A real link's form, posted altered, still answers as a bad link.
        var owner = StoreFactory.NewEmail("cutshort");
        await store.CreateUserAsync(owner);
        await Forgot(store.CreateClient(), owner);
        var whole = await client.GetDocumentAsync(new Uri(store.MailLink(owner, "/account/reset-password")).PathAndQuery);
        var form = (IHtmlFormElement)whole.QuerySelector("main form")!;
        var emptied = await Html.GetDocumentAsync(await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Email"] = "", ["Input.Password"] = "x" }));
        Assert.NotNull(emptied.QuerySelector("[data-testid=link-incomplete]"));
        var garbled = await Html.GetDocumentAsync(await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Email"] = "not an address", ["Input.Password"] = "a brand new long passphrase", ["Input.ConfirmPassword"] = "a brand new long passphrase",
        }));
        var summary = garbled.QuerySelector("[data-testid=reset-errors]")!;
        Assert.Contains("This reset link is not valid or has expired", summary.TextContent, StringComparison.Ordinal);
        Assert.Empty(summary.QuerySelectorAll("a[href='#Input_Email'], a[href='#Input_Code']"));
    }

    [Fact]
    public async Task Changing_the_password_signs_out_the_other_browser_but_not_this_one()
    {
        var email = StoreFactory.NewEmail("change");
        var here = await store.SignedInClientAsync(email);
        var elsewhere = store.CreateClient();
        await StoreFactory.Login(elsewhere, email, Password);
        Assert.NotNull((await elsewhere.GetDocumentAsync("/")).QuerySelector("[data-testid=signed-in-as]"));

        var manage = await here.GetDocumentAsync("/account/manage");
        var changed = await here.SubmitAsync((IHtmlFormElement)manage.QuerySelector("form#change-password")!, new Dictionary<string, string>
        {
            ["ChangePassword.CurrentPassword"] = Password,
            ["ChangePassword.Password"] = "my next long passphrase",
            ["ChangePassword.ConfirmPassword"] = "my next long passphrase",
        });

        Assert.Contains("has been changed", (await Html.GetDocumentAsync(changed)).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await here.GetDocumentAsync("/")).QuerySelector("[data-testid=signed-in-as]"));
        Assert.Null((await elsewhere.GetDocumentAsync("/")).QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task Wrong_current_password_is_refused_beside_the_field()
    {
        var client = await store.SignedInClientAsync(StoreFactory.NewEmail("wrongcurrent"));
        var manage = await client.GetDocumentAsync("/account/manage");
        var response = await client.SubmitAsync((IHtmlFormElement)manage.QuerySelector("form#change-password")!, new Dictionary<string, string>
        {
            ["ChangePassword.CurrentPassword"] = "not the password at all",
            ["ChangePassword.Password"] = "my next long passphrase",
            ["ChangePassword.ConfirmPassword"] = "my next long passphrase",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not your current password", (await Html.GetDocumentAsync(response)).QuerySelector("[data-valmsg-for='ChangePassword.CurrentPassword']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Personal_data_downloads_as_json_and_the_account_can_be_deleted()
    {
        var email = StoreFactory.NewEmail("gdpr");
        var client = await store.SignedInClientAsync(email);
        var manage = await client.GetDocumentAsync("/account/manage");

        var download = await client.SubmitAsync((IHtmlFormElement)manage.QuerySelector("form#download")!);
        Assert.Equal("application/json", download.Content.Headers.ContentType!.MediaType);
        using var json = System.Text.Json.JsonDocument.Parse(await download.Content.ReadAsStringAsync());
        Assert.Equal(email, json.RootElement.GetProperty("Email").GetString());
        Assert.False(json.RootElement.TryGetProperty("PasswordHash", out _));

        manage = await client.GetDocumentAsync("/account/manage");
        await client.SubmitAsync((IHtmlFormElement)manage.QuerySelector("form#delete")!, new Dictionary<string, string> { ["Delete.Password"] = Password });

        using var scope = store.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>().FindByEmailAsync(email));
        Assert.Null((await client.GetDocumentAsync("/")).QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task Manage_page_needs_a_signed_in_user()
    {
        var response = await store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/account/manage");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_factor_sign_in_with_a_code_computed_here_and_with_a_recovery_code()
    {
        var email = StoreFactory.NewEmail("totp");
        var client = await store.SignedInClientAsync(email);
        var start = await client.GetDocumentAsync("/account/manage/two-factor");
        var setup = await Html.GetDocumentAsync(await client.SubmitAsync((IHtmlFormElement)start.QuerySelector("form#start-2fa")!, new Dictionary<string, string> { ["Password"] = Password }));
        var key = setup.QuerySelector("[data-testid=shared-key]")!.TextContent.Trim();

        var wrong = await client.SubmitAsync((IHtmlFormElement)setup.QuerySelector("form#enable-2fa")!, new Dictionary<string, string> { ["Code"] = "000000", ["Password"] = Password });
        var wrongPage = await Html.GetDocumentAsync(wrong);
        Assert.True(wrongPage.QuerySelectorAll(".field-validation-error").Length > 0, $"{(int)wrong.StatusCode} {wrong.RequestMessage!.RequestUri} {wrongPage.QuerySelector("main")?.TextContent}");

        setup = wrongPage;
        var enabled = await Html.GetDocumentAsync(await client.SubmitAsync((IHtmlFormElement)setup.QuerySelector("form#enable-2fa")!,
            new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow), ["Password"] = Password }));
        var recovery = enabled.QuerySelectorAll("[data-testid=recovery-codes] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(10, recovery.Count);

        // Password alone is no longer enough.
        var other = store.CreateClient();
        var step = await StoreFactory.Login(other, email, Password);
        Assert.Equal("/account/login-2fa", step.RequestMessage!.RequestUri!.AbsolutePath);
        var twoFactor = await Html.GetDocumentAsync(step);
        Assert.Null(twoFactor.QuerySelector("[data-testid=signed-in-as]"));

        var signedIn = await other.SubmitAsync((IHtmlFormElement)twoFactor.QuerySelector("main form")!,
            new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)) });
        Assert.NotNull((await Html.GetDocumentAsync(signedIn)).QuerySelector("[data-testid=signed-in-as]"));

        var third = store.CreateClient();
        var recoveryStep = await Html.GetDocumentAsync(await StoreFactory.Login(third, email, Password));
        var withRecovery = await third.SubmitAsync((IHtmlFormElement)recoveryStep.QuerySelector("main form")!, new Dictionary<string, string> { ["Code"] = recovery[0] });
        Assert.NotNull((await Html.GetDocumentAsync(withRecovery)).QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task Resending_the_confirmation_answers_every_address_alike_and_mails_only_unconfirmed_accounts()
    {
        await StoreFactory.RegisterAsync(store.CreateClient(), "resend@example.com", Password);
        var before = store.MailCount("resend@example.com");

        var pending = await Resend(store.CreateClient(), "resend@example.com");
        var unknown = await Resend(store.CreateClient(), StoreFactory.NewEmail("nobody"));

        Assert.Equal(await Body(pending), await Body(unknown));
        Assert.Equal(before + 1, store.MailCount("resend@example.com"));
        var confirmed = await Html.GetDocumentAsync(await store.ConfirmAsync(store.CreateClient(), "resend@example.com"));
        Assert.Equal("resend@example.com", confirmed.QuerySelector("[data-testid=signed-in-as]")!.TextContent);
    }

    [Fact]
    public async Task Changing_the_email_takes_effect_only_through_the_link_sent_to_the_new_address()
    {
        var old = StoreFactory.NewEmail("old");
        var fresh = StoreFactory.NewEmail("new");
        var client = await store.SignedInClientAsync(old);
        var manage = await client.GetDocumentAsync("/account/manage");
        var sent = await client.SubmitAsync((IHtmlFormElement)manage.QuerySelector("form#change-email")!, new Dictionary<string, string> { ["ChangeEmail.NewEmail"] = fresh, ["ChangeEmail.CurrentPassword"] = Password });
        Assert.Contains("sent a link", (await Html.GetDocumentAsync(sent)).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(old, (await client.GetDocumentAsync("/account/manage")).QuerySelector("[data-testid=account-email]")!.TextContent);

        // Opening the link (as a mail scanner would) changes nothing; the account's password does.
        var link = new Uri(store.MailLink(fresh, "/account/confirm-email-change")).PathAndQuery;
        var scanner = store.CreateClient();
        var opened = await scanner.GetDocumentAsync(link);
        Assert.Equal(old, (await client.GetDocumentAsync("/account/manage")).QuerySelector("[data-testid=account-email]")!.TextContent);
        var wrong = await Html.GetDocumentAsync(await scanner.SubmitAsync((IHtmlFormElement)opened.QuerySelector("form#confirm-email-change")!,
            new Dictionary<string, string> { ["Password"] = "the new address's owner guesses" }));
        Assert.Contains(WebApp.Accounts.Reauthentication.WrongPasswordMessage, wrong.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var changed = await Html.GetDocumentAsync(await client.SubmitAsync((IHtmlFormElement)(await client.GetDocumentAsync(link)).QuerySelector("form#confirm-email-change")!,
            new Dictionary<string, string> { ["Password"] = Password }));
        Assert.Contains("has been changed", changed.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(fresh, (await client.GetDocumentAsync("/account/manage")).QuerySelector("[data-testid=account-email]")!.TextContent);
        Assert.NotNull((await Html.GetDocumentAsync(await StoreFactory.Login(store.CreateClient(), fresh, Password))).QuerySelector("[data-testid=signed-in-as]"));
    }

    private static async Task<HttpResponseMessage> Resend(HttpClient client, string email)
    {
        var page = await client.GetDocumentAsync("/account/resend-confirmation");
        return await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("main form")!, new Dictionary<string, string> { ["Email"] = email });
    }

    [Fact]
    public async Task The_headers_sign_in_comes_back_to_the_page_and_email_fields_bring_the_email_keyboard()
    {
        // From the cart the header's "Sign in" landed on the home page; the account forms' email fields were type=text,
        // so a phone showed no @ key (an outside review, session 44).
        var email = StoreFactory.NewEmail("header");
        await store.CreateUserAsync(email);
        var client = store.CreateClient();
        var cart = await client.GetDocumentAsync("/cart");
        var signIn = cart.QuerySelectorAll("header a").Single(a => a.TextContent.Trim() == "Sign in").GetAttribute("href");
        Assert.Equal("/account/login?returnUrl=%2Fcart", signIn);
        var form = (IHtmlFormElement)(await client.GetDocumentAsync(signIn!)).QuerySelector("main form")!;
        var signedIn = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.Password });
        Assert.Equal("/cart", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/account/login", (await store.CreateClient().GetDocumentAsync("/")).QuerySelectorAll("header a").Single(a => a.TextContent.Trim() == "Sign in").GetAttribute("href"));

        foreach (var (page, name) in new[] { ("/account/login", "Input.Email"), ("/account/register", "Input.Email"), ("/account/forgot-password", "Input.Email"), ("/account/resend-confirmation", "Email") })
        {
            Assert.Equal("email", (await store.CreateClient().GetDocumentAsync(page)).QuerySelector($"input[name='{name}']")!.GetAttribute("type"));
        }
    }

    private static async Task<HttpResponseMessage> Forgot(HttpClient client, string email)
    {
        var page = await client.GetDocumentAsync("/account/forgot-password");
        return await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("main form")!, new Dictionary<string, string> { ["Input.Email"] = email });
    }

    private static async Task<string> Body(HttpResponseMessage response) =>
        (await Html.GetDocumentAsync(response)).QuerySelector("main")!.TextContent.Trim();
}

/// <summary>RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits), as an authenticator app computes it from the shared key.</summary>
internal static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at)
    {
        var key = Base32(base32Key);
        var counter = at.ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(System.Net.IPAddress.HostToNetworkOrder(counter));
#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA1; this mirrors one.
        var hash = System.Security.Cryptography.HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var bytes = new List<byte>();
        foreach (var c in text.Trim().TrimEnd('=').ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal))
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
