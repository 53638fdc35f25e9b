using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebApp.Mail;
using WebApp.Storefront;

namespace WebApp.Tests.Accounts;

/// <summary>The SMTP sender against a minimal SMTP server on loopback that records what it receives.</summary>
public sealed class SmtpTests
{
    private static readonly MailLayout s_layout = new(Options.Create(new StoreIdentity()));

    [Fact]
    public async Task Smtp_sender_delivers_a_message_with_text_and_html_parts()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = ServeOneMessageAsync(listener);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:StartTls"] = "false",
            ["Email:Smtp:From"] = "shop@example.com",
        }).Build();
        await new SmtpEmailSender(configuration, s_layout, NullLogger<SmtpEmailSender>.Instance)
            .SendAsync(new AccountMessages(s_layout).Confirm("ada@example.com", "https://store.example/account/confirm-email?userId=1&code=abc"));

        var (recipients, data) = await received.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("<ada@example.com>", recipients, StringComparison.Ordinal);
        Assert.Contains("Subject: Confirm your WebApp Store account", data, StringComparison.Ordinal);
        Assert.Contains("text/plain", data, StringComparison.Ordinal);
        Assert.Contains("text/html", data, StringComparison.Ordinal);
        Assert.Contains("https://store.example/account/confirm-email", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smtp_sender_refuses_a_server_without_starttls_instead_of_sending_the_password_in_clear()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = ServeOneMessageAsync(listener);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:User"] = "storeuser",
            ["Email:Smtp:Password"] = "SuperSecretSmtpPw",
        }).Build();

        await Assert.ThrowsAnyAsync<Exception>(() => new SmtpEmailSender(configuration, s_layout, NullLogger<SmtpEmailSender>.Instance)
            .SendAsync(new AccountMessages(s_layout).Confirm("ada@example.com", "https://store.example/account/confirm-email?userId=1&code=abc")));

        var (recipients, data) = await received.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(recipients);
        Assert.Empty(data);
        Assert.Empty(s_authLines);
    }

    [Fact]
    public async Task Pickup_mail_cannot_be_given_extra_headers_through_the_address()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"webapp-mail-{Guid.NewGuid():N}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Email:PickupDirectory"] = folder }).Build();
        var sender = new PickupDirectoryEmailSender(configuration, new TestEnvironment(), s_layout, NullLogger<PickupDirectoryEmailSender>.Instance);

        await sender.SendAsync(new EmailMessage("victim@example.com\r\nBcc: attacker@example.com", "Hi", "text", "<p>html</p>"));

        var eml = await File.ReadAllTextAsync(Directory.GetFiles(folder, "*.eml").Single());
        Assert.DoesNotContain("\r\nBcc:", eml, StringComparison.OrdinalIgnoreCase);
        Directory.Delete(folder, recursive: true);
    }

    private sealed class TestEnvironment : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "WebApp";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> s_authLines = [];

    private static async Task<(string Recipients, string Data)> ServeOneMessageAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptTcpClientAsync();
        using var stream = socket.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        var recipients = new StringBuilder();
        var data = new StringBuilder();
        await writer.WriteLineAsync("220 test SMTP ready");
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 test");
                    break;
                case "RCPT":
                    recipients.Append(line);
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    while (await reader.ReadLineAsync() is { } body && body != ".") data.AppendLine(body);
                    await writer.WriteLineAsync("250 queued");
                    break;
                case "AUTH":
                    s_authLines.Add(line);
                    await writer.WriteLineAsync("235 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return (recipients.ToString(), data.ToString());
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
        return (recipients.ToString(), data.ToString());
    }
}
