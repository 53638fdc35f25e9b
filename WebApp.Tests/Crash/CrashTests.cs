using WebApp.Bench;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Crash;

/// <summary>
/// bench/crash.sh in three cycles, with the same driver (bench/LoadBench's files are linked into this project): the
/// built store as a real process, clients placing orders through the API, SIGKILL at a random moment after an order
/// of the cycle was confirmed, a restart, and the checks. What it asserts does not depend on when the kill lands.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "webapp-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Orders_confirmed_before_a_SIGKILL_are_all_there_after_the_restart_and_stock_adds_up()
    {
        var options = new CrashOptions(AppDll(), _work, FreePort(), Cycles: 3, Clients: 3, Products: 500, Seed: 15, MaxKillDelay: TimeSpan.FromSeconds(1));

        var (cycles, unexpected, _) = await CrashCycles.RunAsync(options);

        Assert.Equal(3, cycles.Count);
        Assert.All(cycles, c => Assert.True(c.ConfirmedInCycle > 0, $"cycle {c.Cycle} was killed before any order was confirmed"));
        Assert.All(cycles, c => Assert.Empty(c.Problems));
        Assert.Empty(unexpected);
        Assert.True(cycles[^1].OrdersInDatabase >= cycles[^1].ConfirmedSoFar);
    }

    // The store this test project was built with: WebApp/bin/<same configuration>/net10.0/WebApp.dll.
    private static string AppDll()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!.Name;
        for (var dir = tfm; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WebApp.sln"))) return Path.Combine(dir.FullName, "WebApp", "bin", configuration, tfm.Name, "WebApp.dll");
        }
        throw new InvalidOperationException("The test runs from inside the repository.");
    }

    private static int FreePort() => LoopbackPorts.Free(1)[0];

    public void Dispose()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }
}
