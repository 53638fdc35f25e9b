namespace WebApp.Mail;

/// <param name="OneClickStop">
/// For mail a stranger may have signed someone up to: an https address that stops it with one POST, sent as
/// <c>List-Unsubscribe</c> with <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c> (RFC 8058), so the mail
/// client's own "Unsubscribe" works.
/// </param>
public sealed record EmailMessage(string To, string Subject, string Text, string Html, string? OneClickStop = null);
