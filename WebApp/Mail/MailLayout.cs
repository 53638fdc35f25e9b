using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using WebApp.Storefront;

namespace WebApp.Mail;

/// <summary>
/// The store's one mail layout: a header with the store's name (<c>Store:Name</c>), the heading and body, and a footer
/// with how to reach the store. Tables and inline styles only, at most 600 px wide, so it reads the same in web mail,
/// desktop clients and phones; every mail also has a plain-text part with the same words and links.
/// </summary>
public sealed class MailLayout(IOptions<StoreIdentity> store)
{
    public string StoreName => store.Value.Name;

    public string ContactEmail => store.Value.ContactEmail;

    public EmailMessage Compose(string to, string subject, string heading, MailBody body)
    {
        var name = WebUtility.HtmlEncode(StoreName);
        var contact = WebUtility.HtmlEncode(store.Value.ContactEmail);
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(subject)).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:0;background:#f1f5f9;\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f1f5f9;\"><tr><td align=\"center\" style=\"padding:24px 12px;\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:600px;background:#ffffff;border:1px solid ").Append(MailBody.Line)
            .Append(";font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:").Append(MailBody.Ink).Append(";\">")
            .Append("<tr><td style=\"background:").Append(MailBody.Ink).Append(";color:#ffffff;padding:16px 24px;font-size:20px;font-weight:bold;\">").Append(name).Append("</td></tr>")
            .Append("<tr><td style=\"padding:24px;\"><h1 style=\"margin:0 0 16px;font-size:22px;line-height:1.3;color:").Append(MailBody.Ink).Append(";\">")
            .Append(WebUtility.HtmlEncode(heading)).Append("</h1>").Append(body.Html).Append("</td></tr>")
            .Append("<tr><td style=\"padding:16px 24px;border-top:1px solid ").Append(MailBody.Line).Append(";font-size:13px;color:").Append(MailBody.Muted).Append(";\">")
            .Append(name).Append(" &middot; questions? <a href=\"mailto:").Append(contact).Append("\" style=\"color:").Append(MailBody.Accent).Append(";\">").Append(contact).Append("</a>")
            .Append("</td></tr></table></td></tr></table></body></html>");
        var text = new StringBuilder()
            .Append(heading).Append("\r\n\r\n")
            .Append(body.Text)
            .Append("-- \r\n").Append(StoreName).Append(" - questions? ").Append(store.Value.ContactEmail).Append("\r\n");
        return new EmailMessage(to, subject, text.ToString(), html.ToString());
    }
}
