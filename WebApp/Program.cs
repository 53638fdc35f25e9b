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
await app.PrepareStoreAsync();
app.UseStorePipeline();
await app.RunAsync();
return 0;
