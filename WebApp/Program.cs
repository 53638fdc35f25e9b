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
}
catch (WebApp.Data.StartupRefusedException)
{
    // Already logged as one line that says why.
    return 1;
}
app.UseStorePipeline();
await app.RunAsync();
return 0;
