using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using WebApp.Data;
using WebApp.Mail;
using WebApp.Search;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Observability;

/// <summary>Background work when the store stops: what was accepted is finished, not dropped.</summary>
public sealed class BackgroundShutdownTests
{
    [Fact]
    public async Task Mail_being_sent_and_mail_queued_still_go_out_when_the_store_stops()
    {
        var server = new HeldMailTransport();
        var outbox = new MailOutbox(server, new ConfigurationBuilder().Build(), NullLogger<MailOutbox>.Instance);
        using var delivery = new MailDelivery(outbox);
        await delivery.StartAsync(CancellationToken.None);
        await outbox.SendAsync(new EmailMessage("a@example.com", "Reset your password", "", ""));
        await server.FirstArrived.Task;
        await outbox.SendAsync(new EmailMessage("b@example.com", "Confirm your email", "", ""));
        await outbox.SendAsync(new EmailMessage("c@example.com", "Your order", "", ""));

        // Stopping cancels the delivery loop at once; the message on the wire and the two queued behind it remain.
        var stopping = delivery.StopAsync(CancellationToken.None);
        server.Release();
        await stopping;

        Assert.Equal(["Reset your password", "Confirm your email", "Your order"], server.Sent);
    }

    [Fact]
    public async Task Mail_is_abandoned_when_the_shutdown_timeout_runs_out()
    {
        var server = new HeldMailTransport();
        var outbox = new MailOutbox(server, new ConfigurationBuilder().Build(), NullLogger<MailOutbox>.Instance);
        using var delivery = new MailDelivery(outbox);
        await delivery.StartAsync(CancellationToken.None);
        await outbox.SendAsync(new EmailMessage("a@example.com", "Stuck", "", ""));
        await server.FirstArrived.Task;

        // The host's timeout token, already run out: stopping returns instead of waiting on the held message.
        await delivery.StopAsync(new CancellationToken(canceled: true));

        Assert.Empty(server.Sent);
    }

    [Fact]
    public async Task Searches_that_found_nothing_are_recorded_when_the_store_stops()
    {
        using var store = new StoreFactory();
        // A recorder of its own over the store's database: stopping the store's own would stop the whole test host.
        using var recorder = new SearchMissRecorder(store.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<SearchMissRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);

        recorder.Record("stopping gizmo");
        await recorder.StopAsync(CancellationToken.None);

        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        Assert.Equal(1, (await db.SearchMisses.SingleAsync(m => m.Query == "stopping gizmo")).Count);
    }
}
