using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WebApp.Tests.Currency;

/// <summary>
/// A rates service on loopback (a tiny Kestrel app): answers Frankfurter-style JSON, fails, hangs or talks nonsense,
/// as the test sets it, and counts the requests it got.
/// </summary>
public sealed class FakeRatesServer : IAsyncDisposable
{
    public const string GoodRates = """{"amount":1.0,"base":"USD","date":"2026-11-27","rates":{"EUR":0.9132,"GBP":0.7851,"JPY":151.37,"CHF":0.8812}}""";

    private readonly WebApplication _app;
    private int _hits;
    private volatile Func<int, HttpContext, Task> _answer = (_, c) => c.Response.WriteAsync(GoodRates);

    private FakeRatesServer(WebApplication app) => _app = app;

    /// <summary>The <c>Rates:Url</c> that reaches this server.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Requests received so far.</summary>
    public int Hits => Volatile.Read(ref _hits);

    public static async Task<FakeRatesServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeRatesServer(app);
        app.Run(context => server._answer(Interlocked.Increment(ref server._hits), context));
        await app.StartAsync();
        server.Url = app.Urls.First() + "/v1/latest?base={base}";
        return server;
    }

    /// <summary>Every request gets <paramref name="json"/> with 200.</summary>
    public void Answer(string json) => _answer = (_, c) =>
    {
        c.Response.ContentType = "application/json";
        return c.Response.WriteAsync(json);
    };

    /// <summary>Every request gets <paramref name="status"/> (a 500 by default).</summary>
    public void Fail(int status = 500) => _answer = (_, c) =>
    {
        c.Response.StatusCode = status;
        return Task.CompletedTask;
    };

    /// <summary>The first <paramref name="failures"/> requests from now get a 500, the rest the good rates.</summary>
    public void FailThenAnswer(int failures)
    {
        var from = Hits;
        _answer = (hit, c) =>
        {
            if (hit - from <= failures)
            {
                c.Response.StatusCode = 500;
                return Task.CompletedTask;
            }
            c.Response.ContentType = "application/json";
            return c.Response.WriteAsync(GoodRates);
        };
    }

    /// <summary>Requests are taken and never answered (until the caller gives up).</summary>
    public void Hang() => _answer = (_, c) => Task.Delay(Timeout.Infinite, c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
