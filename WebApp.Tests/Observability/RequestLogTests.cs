using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Accounts;
using WebApp.Observability;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Observability;

public sealed class RequestLogTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private List<string> RequestLines() => [.. store.Logs.Entries.Where(e => e.Category == RequestLog.Category).Select(e => e.Message)];

    [Fact]
    public async Task Each_request_is_one_line_with_its_route_pattern_status_duration_and_request_id()
    {
        var client = store.CreateBrowserlessClient();
        var before = RequestLines().Count;

        var response = await client.GetAsync("/categories/no-such-category?sort=price-asc");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await Html.GetDocumentAsync(await client.GetAsync("/__test/throw"));
        var requestId = page.QuerySelector("[data-testid=request-id]")!.TextContent;
        var lines = RequestLines().Skip(before).ToList();
        // The 404 page is rendered by a second pass through the pipeline: still one line, with the route that matched.
        Assert.Single(lines, l => l.StartsWith("GET /categories/{slug} answered 404 in ", StringComparison.Ordinal) && l.EndsWith(", user (anonymous))", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("no-such-category", StringComparison.Ordinal) || l.Contains("sort=", StringComparison.Ordinal));
        // The crash: its line carries the id the error page showed, so a shopper's report leads to it.
        Assert.Single(lines, l => l.StartsWith("GET /__test/throw answered 500 in ", StringComparison.Ordinal) && l.Contains($"(request {requestId}, ", StringComparison.Ordinal));
        Assert.Matches(@"answered 404 in \d+(\.\d)? ms \(request 00-[0-9a-f]{32}-[0-9a-f]{16}-0\d, ", lines[0]);
    }

    [Fact]
    public async Task A_request_its_client_abandons_is_logged_499_and_a_crash_still_500()
    {
        // The request log alone, as it sits in Development: outermost, with no exception handler inside it to answer
        // the cancelled request first (outside Development the handler answers 499 itself).
        using var logs = new LogCapture();
        using var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs)).BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseRequestLog();
        app.Run(async context =>
        {
            if (context.Request.Path == "/crash") throw new InvalidOperationException("a bug");
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var pipeline = app.Build();
        using var abandoned = new CancellationTokenSource();

        var waiting = pipeline(Request(services, "/categories/electronics", abandoned.Token));
        await abandoned.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline(Request(services, "/crash", CancellationToken.None)));

        var lines = logs.Entries.Where(e => e.Category == RequestLog.Category).Select(e => e.Message).ToList();
        Assert.Single(lines, l => l.StartsWith("GET /categories/electronics answered 499 in ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("GET /crash answered 500 in ", StringComparison.Ordinal));
    }

    private static DefaultHttpContext Request(IServiceProvider services, string path, CancellationToken aborted)
    {
        var context = new DefaultHttpContext { RequestServices = services, RequestAborted = aborted };
        context.Request.Method = "GET";
        context.Request.Path = path;
        return context;
    }

    [Fact]
    public async Task A_signed_in_request_names_the_user_by_id_never_by_email()
    {
        var email = StoreFactory.NewEmail("logline");
        var client = await store.SignedInClientAsync(email);
        string userId;
        using (var scope = store.Services.CreateScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>().FindByEmailAsync(email))!.Id;
        }

        await client.GetAsync("/orders");

        var lines = RequestLines();
        Assert.Contains(lines, l => l.StartsWith("GET /orders answered 200", StringComparison.Ordinal) && l.EndsWith($", user {userId})", StringComparison.Ordinal));
        Assert.DoesNotContain(store.Logs.Entries, e => e.Message.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Signing_in_and_resetting_a_password_leave_no_password_code_or_address_in_the_log()
    {
        const string newPassword = "violet crane harbour tundra";
        var email = StoreFactory.NewEmail("secret");
        await store.CreateUserAsync(email);
        var client = store.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(client, email, "not the password at all")).StatusCode);

        var forgot = await client.GetDocumentAsync("/account/forgot-password");
        await client.SubmitAsync((IHtmlFormElement)forgot.QuerySelector("main form")!, new Dictionary<string, string> { ["Input.Email"] = email });
        var link = new Uri(store.MailLink(email, "/account/reset-password"));
        var code = System.Web.HttpUtility.ParseQueryString(link.Query)["code"]!;
        var reset = await client.GetDocumentAsync(link.PathAndQuery);
        var done = await client.SubmitAsync((IHtmlFormElement)reset.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Password"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(store.CreateClient(), email, newPassword)).StatusCode);

        var lines = RequestLines();
        Assert.Contains(lines, l => l.StartsWith("POST /account/login answered", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("GET /account/reset-password answered 200", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("POST /account/reset-password answered", StringComparison.Ordinal));
        foreach (var secret in new[] { "not the password at all", newPassword, StoreFactory.Password, code, Uri.EscapeDataString(code), email, "code=" })
        {
            Assert.DoesNotContain(store.Logs.Entries, e => e.Message.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
