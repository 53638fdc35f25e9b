namespace WebApp.Mail;

public static class MailServices
{
    /// <summary>
    /// SMTP through MailKit when <c>Email:Smtp:Host</c> is set, else .eml files in the pickup folder; either way behind
    /// the outbox, so no request waits on it.
    /// </summary>
    public static WebApplicationBuilder AddStoreMail(this WebApplicationBuilder builder)
    {
        if (builder.Configuration["Email:Smtp:Host"] is { Length: > 0 }) builder.Services.AddSingleton<IMailTransport, SmtpEmailSender>();
        else builder.Services.AddSingleton<IMailTransport, PickupDirectoryEmailSender>();
        builder.Services.AddSingleton<MailOutbox>();
        builder.Services.AddSingleton<IEmailSender>(services => services.GetRequiredService<MailOutbox>());
        builder.Services.AddHostedService<MailDelivery>();
        builder.Services.AddSingleton<MailLinks>();
        builder.Services.AddSingleton<MailLayout>();
        builder.Services.AddSingleton<AccountMessages>();
        builder.Services.AddSingleton<OrderMessages>();
        return builder;
    }
}
