namespace WebApp.Mail;

/// <summary>The account mails: confirm, confirm a new address, reset, "you already have an account" and security notices.</summary>
public sealed class AccountMessages(MailLayout layout)
{
    private string Store => layout.StoreName;

    public EmailMessage ConfirmChange(string to, string link) => layout.Compose(to,
        $"Confirm your new email address for {Store}",
        "Confirm your new email address",
        new MailBody()
            .Paragraph($"Open the link below to use this address for your {Store} account.")
            .Action("Use this address", link)
            .Paragraph("If you did not ask for this, ignore this message."));

    public EmailMessage ResetPassword(string to, string link) => layout.Compose(to,
        $"Reset your {Store} password",
        "Reset your password",
        new MailBody()
            .Paragraph("Someone asked to reset the password of this account.")
            .Action("Choose a new password", link)
            .Paragraph("If it was not you, ignore this message: your password stays as it is."));

    public EmailMessage Confirm(string to, string link) => layout.Compose(to,
        $"Confirm your {Store} account",
        $"Welcome to {Store}",
        new MailBody()
            .Paragraph("Confirm your email address to finish creating your account.")
            .Action("Confirm your email address", link)
            .Paragraph("If you did not create an account, ignore this message."));

    /// <summary>Sent when someone registers an address that has an account: the owner learns, the form tells no one.</summary>
    public EmailMessage AlreadyRegistered(string to, string signInLink, string resetLink) => layout.Compose(to,
        $"You already have a {Store} account",
        "You already have an account",
        new MailBody()
            .Paragraph($"Someone (perhaps you) tried to create a {Store} account with this address, which already has one.")
            .Action("Sign in", signInLink)
            .Action("Forgot your password? Choose a new one", resetLink)
            .Paragraph("If it was not you, ignore this message: nothing has changed."));

    public EmailMessage SecurityNotice(string to, string what, string resetLink) => layout.Compose(to,
        $"A change to your {Store} account",
        "A change to your account",
        new MailBody()
            .Paragraph(what)
            .Paragraph("If this was you, there is nothing to do. If it was not, choose a new password now.")
            .Action("Choose a new password", resetLink));
}
