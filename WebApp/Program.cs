using WebApp;
using WebApp.Cli;

// A verb (seed, create-admin, --help...) runs the command line; anything else starts the store.
if (StoreCommands.IsCommandLine(args))
{
    return await StoreCommands.InvokeAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddStoreServices();

var app = builder.Build();
try
{
    await app.PrepareStoreAsync();
    app.UseStorePipeline();
    await app.RunAsync();
    return 0;
}
catch (WebApp.Data.StartupRefusedException)
{
    // Already logged as one line that says why.
    return await RefusedAsync(app);
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    // A mistyped setting (Backup:Interval, Metrics:AllowedNetworks...): one line naming it and exit 1, not a crash dump.
    app.Logger.LogCritical("The store is not starting: {Reasons}", string.Join(" ", e.Failures));
    return await RefusedAsync(app);
}
catch (InvalidOperationException e) when (e.InnerException is FormatException)
{
    // A setting that is not even of its type ("Failed to convert configuration value 'banana' at 'Backup:Interval'").
    app.Logger.LogCritical("The store is not starting: {Reason}", e.Message);
    return await RefusedAsync(app);
}

// Disposing the host flushes the console logger's queue, which a background thread writes out: returning at once could
// end the process before the one line that says why (seen in CI on a slow machine: exit code 1 and no output at all).
static async Task<int> RefusedAsync(WebApplication app)
{
    await app.DisposeAsync();
    return 1;
}
