using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Search;

namespace WebApp.Tests.Observability;

/// <summary>
/// Each test breaks one thing under a running store of its own and reads /healthz/ready; /healthz (liveness) stays 200
/// throughout, since restarting the process would not mend a full disk or a broken index.
/// </summary>
public sealed class ReadinessTests : IDisposable
{
    private readonly ReadinessStore _store = new();

    private async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync()
    {
        var response = await _store.CreateClient().GetAsync("/healthz/ready");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoCache || response.Headers.CacheControl.NoStore);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static JsonElement Check(JsonElement body, string name) => body.GetProperty("checks").GetProperty(name);

    private async Task AssertLiveAsync()
    {
        var live = await _store.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_working_store_is_ready_with_each_check_named()
    {
        var (status, body) = await ReadyAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        foreach (var name in new[] { "database", "disk", "search" }) Assert.Equal("Healthy", Check(body, name).GetProperty("status").GetString());
        Assert.Equal("40 products in memory", Check(body, "search").GetProperty("description").GetString());
        // The disk asked about is the one holding the database file.
        Assert.Equal(Path.GetDirectoryName(_store.DatabasePath), _store.Disk.AskedAbout);
    }

    [Fact]
    public async Task Low_disk_space_is_degraded_then_unhealthy_with_the_reason()
    {
        _store.Disk.FreeMegabytes = 800;
        var (status, body) = await ReadyAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal("800 MB free for the database, under twice the 500 MB minimum", Check(body, "disk").GetProperty("description").GetString());

        _store.Disk.FreeMegabytes = 120;
        (status, body) = await ReadyAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", Check(body, "disk").GetProperty("status").GetString());
        Assert.Equal(120, Check(body, "disk").GetProperty("freeMegabytes").GetInt64());
        Assert.Contains("under the 500 MB minimum", Check(body, "disk").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", Check(body, "database").GetProperty("status").GetString());
        await AssertLiveAsync();
    }

    [Fact]
    public async Task A_broken_full_text_index_makes_the_store_unready_without_revealing_the_error()
    {
        await AssertLiveAsync();
        await using (var connection = new SqliteConnection($"Data Source={_store.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE ProductSearch";
            await drop.ExecuteNonQueryAsync();
        }

        var (status, body) = await ReadyAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var search = Check(body, "search");
        Assert.Equal("Unhealthy", search.GetProperty("status").GetString());
        Assert.Equal("The full-text index did not answer a query", search.GetProperty("description").GetString());
        Assert.DoesNotContain("no such table", body.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Healthy", Check(body, "database").GetProperty("status").GetString());
        await AssertLiveAsync();
    }

    [Fact]
    public async Task Search_facts_missing_from_memory_make_the_store_unready()
    {
        await AssertLiveAsync();
        using (var scope = _store.Services.CreateScope())
        {
            var ids = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Select(p => p.Id).ToListAsync();
            var facts = _store.Services.GetRequiredService<ProductFacts>();
            foreach (var id in ids) facts.Remove(id);
        }

        var (status, body) = await ReadyAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("The product facts are not loaded: every search would come back empty", Check(body, "search").GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_database_that_does_not_answer_makes_the_store_unready_but_still_live()
    {
        await AssertLiveAsync();

        // Take the database away underneath the running app: the next connection opens an empty file with no tables.
        Infrastructure.TestDatabase.Delete(_store.DatabasePath);

        var (status, body) = await ReadyAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", Check(body, "database").GetProperty("status").GetString());
        Assert.Equal("The check failed; the store's log has the error.", Check(body, "database").GetProperty("description").GetString());
        await AssertLiveAsync();
    }

    public void Dispose() => _store.Dispose();
}
