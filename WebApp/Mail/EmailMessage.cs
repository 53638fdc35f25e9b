namespace WebApp.Mail;

public sealed record EmailMessage(string To, string Subject, string Text, string Html);
