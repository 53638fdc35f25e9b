using System.Net;
using System.Text;

namespace WebApp.Mail;

/// <summary>
/// The content of one mail, written once and kept as both parts: every piece of text is HTML-encoded for the HTML part
/// as it is added (a product or customer name can hold markup), and written as is to the plain-text part. Styles are
/// inline: mail clients drop style sheets.
/// </summary>
public sealed class MailBody
{
    internal const string Ink = "#0f172a";
    internal const string Accent = "#115e59";
    internal const string Muted = "#475569";
    internal const string Line = "#e2e8f0";

    private readonly StringBuilder _html = new();
    private readonly StringBuilder _text = new();

    internal string Html => _html.ToString();
    internal string Text => _text.ToString();

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public MailBody Paragraph(string text)
    {
        _html.Append("<p style=\"margin:0 0 16px;\">").Append(E(text)).Append("</p>");
        _text.Append(text).Append("\r\n\r\n");
        return this;
    }

    /// <summary>A heading line and short lines under it, such as an address printed in its country's order.</summary>
    public MailBody Lines(string heading, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        _html.Append("<p style=\"margin:0 0 16px;\">").Append(E(heading));
        foreach (var line in list) _html.Append("<br>").Append(E(line));
        _html.Append("</p>");
        _text.Append(heading).Append("\r\n").AppendJoin("\r\n", list).Append("\r\n\r\n");
        return this;
    }

    /// <summary>Label and value rows (order lines, totals, a carrier), the last one bold when <paramref name="lastIsTotal"/>.</summary>
    public MailBody Rows(IEnumerable<(string Label, string Value)> rows, bool lastIsTotal = false)
    {
        var list = rows.ToList();
        _html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;margin:0 0 16px;\">");
        for (var i = 0; i < list.Count; i++)
        {
            var weight = lastIsTotal && i == list.Count - 1 ? "font-weight:bold;" : "";
            _html.Append("<tr><td style=\"padding:6px 8px 6px 0;border-bottom:1px solid ").Append(Line).Append(';').Append(weight).Append("\">").Append(E(list[i].Label))
                .Append("</td><td align=\"right\" style=\"padding:6px 0;border-bottom:1px solid ").Append(Line).Append(";white-space:nowrap;").Append(weight).Append("\">")
                .Append(E(list[i].Value)).Append("</td></tr>");
            _text.Append(list[i].Label).Append(": ").Append(list[i].Value).Append("\r\n");
        }
        _html.Append("</table>");
        _text.Append("\r\n");
        return this;
    }

    /// <summary>A quiet line ending in a link, below the main action (a back-in-stock mail's "Stop this request").</summary>
    public MailBody Footnote(string text, string label, string url)
    {
        _html.Append("<p style=\"margin:0 0 16px;font-size:13px;color:").Append(Muted).Append(";\">").Append(E(text)).Append(" <a href=\"").Append(E(url))
            .Append("\" style=\"color:").Append(Accent).Append(";\">").Append(E(label)).Append("</a></p>");
        _text.Append(text).Append(' ').Append(label).Append(": ").Append(url).Append("\r\n\r\n");
        return this;
    }

    /// <summary>The one thing to do: a button, with the address written out for clients that hide buttons.</summary>
    public MailBody Action(string label, string url)
    {
        _html.Append("<p style=\"margin:24px 0 8px;\"><a href=\"").Append(E(url)).Append("\" style=\"display:inline-block;background:").Append(Accent)
            .Append(";color:#ffffff;padding:12px 20px;border-radius:4px;text-decoration:none;font-weight:bold;\">").Append(E(label)).Append("</a></p>")
            .Append("<p style=\"margin:0 0 16px;font-size:13px;color:").Append(Muted).Append(";word-break:break-all;\">Or open this address: ").Append(E(url)).Append("</p>");
        _text.Append(label).Append(":\r\n").Append(url).Append("\r\n\r\n");
        return this;
    }
}
