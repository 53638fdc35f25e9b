using Microsoft.AspNetCore.Hosting;

namespace WebApp.Tests.Infrastructure;

/// <summary>The production mail path (SMTP, sent in the background) pointed at a mail server that is not there.</summary>
public sealed class SmtpDownStore : StoreFactory
{
    protected override int SeedProducts => 10;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", "9");   // discard port: nothing listens, the connection is refused
        builder.UseSetting("Email:SendInBackground", "true");
    }
}
