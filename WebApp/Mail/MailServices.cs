namespace WebApp.Mail;

public static class MailServices
{
    /// <summary>SMTP through MailKit when <c>Email:Smtp:Host</c> is set, else .eml files in the pickup folder.</summary>
    public static WebApplicationBuilder AddStoreMail(this WebApplicationBuilder builder)
    {
        if (builder.Configuration["Email:Smtp:Host"] is { Length: > 0 }) builder.Services.AddSingleton<IEmailSender, SmtpEmailSender>();
        else builder.Services.AddSingleton<IEmailSender, PickupDirectoryEmailSender>();
        builder.Services.AddSingleton<MailLinks>();
        return builder;
    }
}
