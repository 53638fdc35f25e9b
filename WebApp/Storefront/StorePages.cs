using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Extensions.Options;
using WebApp.Catalog;
using WebApp.Checkout;
using WebApp.Tax;

namespace WebApp.Storefront;

/// <summary>
/// The store's own pages (shipping, returns, privacy, terms, contact), written in Markdown. The owner's file
/// <c>{Store:PagesDirectory}/{slug}.md</c> (default <c>App_Data/pages</c>) wins; without one, the default shipped in
/// <c>Storefront/DefaultPages</c> is shown, so a fresh store has sensible pages and an edit never needs a copy step.
/// Text can say <c>{{StoreName}}</c>, <c>{{ContactEmail}}</c>, <c>{{ShippingMethods}}</c>, <c>{{Countries}}</c> and
/// <c>{{TaxStatement}}</c>, filled from configuration so the pages never disagree with checkout.
/// </summary>
/// <remarks>
/// Owners paste text from anywhere, so the Markdown is treated as untrusted: raw HTML is shown as text, never emitted,
/// and a link or image whose address is not http(s), mailto, tel or relative (javascript:, data:...) loses its address.
/// </remarks>
public sealed partial class StorePages(IOptions<StoreIdentity> identity, IOptions<CheckoutOptions> checkout, TaxWording tax, IWebHostEnvironment environment,
    IConfiguration configuration)
{
    /// <summary>The pages the footer links to, in its order, with their link text.</summary>
    public static readonly IReadOnlyList<(string Slug, string Name)> Footer =
        [("shipping", "Shipping"), ("returns", "Returns"), ("privacy", "Privacy"), ("terms", "Terms"), ("contact", "Contact us")];

    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder().DisableHtml().UsePipeTables().Build();

    public static string PathOf(string slug) => $"/pages/{slug}";

    /// <summary>The owner's folder for page files, resolved against the content root.</summary>
    public string Directory => Path.GetFullPath(configuration["Store:PagesDirectory"] is { Length: > 0 } dir ? dir : "App_Data/pages", environment.ContentRootPath);

    private string DefaultsDirectory => Path.Combine(environment.ContentRootPath, "Storefront", "DefaultPages");

    /// <summary>The page named <paramref name="slug"/>, or null when there is none (any slug that is not lower-case words is none).</summary>
    public async Task<StorePage?> FindAsync(string? slug, CancellationToken ct)
    {
        if (slug is null || !SlugPattern().IsMatch(slug)) return null;
        var file = new[] { Directory, DefaultsDirectory }.Select(d => Path.Combine(d, slug + ".md")).FirstOrDefault(File.Exists);
        if (file is null) return null;
        return Render(slug, await File.ReadAllTextAsync(file, ct));
    }

    /// <summary>Whether the page exists (the owner's file or a shipped default), without reading it.</summary>
    public bool Exists(string slug) => SlugPattern().IsMatch(slug)
        && new[] { Directory, DefaultsDirectory }.Any(d => File.Exists(Path.Combine(d, slug + ".md")));

    /// <summary>Markdown to safe HTML, with the store's facts filled in.</summary>
    public StorePage Render(string slug, string markdown)
    {
        var document = Markdown.Parse(Fill(markdown), s_pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url)) link.Url = "";
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!autolink.IsEmail && !IsSafe(autolink.Url)) autolink.Url = "";
        }
        var heading = document.Descendants<HeadingBlock>().FirstOrDefault(h => h.Level == 1);
        var title = heading?.Inline is { } inline ? string.Concat(inline.Descendants<LiteralInline>().Select(l => l.Content.ToString())) : slug;
        if (heading is not null) document.Remove(heading);
        return new StorePage(slug, title, document.ToHtml(s_pipeline));
    }

    private string Fill(string markdown) => markdown
        .Replace("{{StoreName}}", Escape(identity.Value.Name), StringComparison.Ordinal)
        .Replace("{{ContactEmail}}", Escape(identity.Value.ContactEmail), StringComparison.Ordinal)
        .Replace("{{TaxStatement}}", Escape(tax.Statement), StringComparison.Ordinal)
        .Replace("{{Countries}}", Escape(string.Join(", ", checkout.Value.Countries.Select(c => c.Name))), StringComparison.Ordinal)
        .Replace("{{ShippingMethods}}", string.Join('\n', checkout.Value.ShippingMethods.Select(m => $"- **{Escape(m.Name)}**: {Escape(Money.Format(m.PriceCents))}, {Escape(m.Delivery)}")), StringComparison.Ordinal);

    /// <summary>Configuration values are text, not Markdown: a "*" or "[" in the store's name stays a character.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (@"\`*_{}[]()#+-.!<>|~".Contains(c, StringComparison.Ordinal)) escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so judge the address without them.
        var bare = new string([.. url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c))]);
        var colon = bare.IndexOf(':', StringComparison.Ordinal);
        var slash = bare.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon)) return true; // relative: no scheme
        var scheme = bare[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto" or "tel";
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
