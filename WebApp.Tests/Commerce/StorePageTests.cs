using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Commerce;

public sealed class StorePageTests(CommerceStore store) : IClassFixture<CommerceStore>
{
    [Fact]
    public async Task The_configured_store_name_is_in_the_title_the_header_and_the_footer_and_WebApp_is_not()
    {
        var page = await store.CreateClient().GetDocumentAsync("/");

        Assert.EndsWith("Harbour & Pine", page.Title, StringComparison.Ordinal);
        Assert.Equal("Harbour & Pine", page.QuerySelector("header .store-name")!.TextContent.Trim());
        Assert.Contains("Harbour & Pine", page.QuerySelector("footer")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll("footer a"), a => a.GetAttribute("href") == "mailto:hello@harbour.example");
        Assert.DoesNotContain("WebApp", page.QuerySelector("header")!.TextContent + page.QuerySelector("footer")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shipping", "Shipping")]
    [InlineData("returns", "Returns")]
    [InlineData("privacy", "Privacy")]
    [InlineData("terms", "Terms of sale")]
    [InlineData("contact", "Contact us")]
    public async Task Every_footer_page_has_a_default_with_the_stores_name_and_address(string slug, string title)
    {
        var page = await store.CreateClient().GetDocumentAsync($"/pages/{slug}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(title, page.QuerySelector("main h1")!.TextContent);
        Assert.Contains(page.QuerySelectorAll("footer [data-testid=footer-pages] a"), a => a.GetAttribute("href") == $"/pages/{slug}");
        var text = page.QuerySelector("[data-testid=store-page]")!.TextContent;
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.True(text.Contains("Harbour & Pine", StringComparison.Ordinal) || text.Contains("hello@harbour.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_shipping_page_lists_the_configured_delivery_options_and_countries()
    {
        var page = await store.CreateClient().GetDocumentAsync("/pages/shipping");
        var text = page.QuerySelector("[data-testid=store-page]")!.TextContent;
        Assert.Contains("Standard: $4.99, 3-5 working days", text, StringComparison.Ordinal);
        Assert.Contains("Express: $14.99", text, StringComparison.Ordinal);
        Assert.Contains("United States, Canada, United Kingdom", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owners_file_replaces_the_default()
    {
        await File.WriteAllTextAsync(Path.Combine(store.PagesDirectory, "returns.md"), "# Returns\n\nNo questions asked at **{{StoreName}}**.");
        var page = await store.CreateClient().GetDocumentAsync("/pages/returns");
        Assert.Equal("No questions asked at Harbour & Pine.", page.QuerySelector("[data-testid=store-page]")!.TextContent.Replace("Returns", "", StringComparison.Ordinal).Trim());
        Assert.Equal("Harbour & Pine", page.QuerySelector("[data-testid=store-page] strong")!.TextContent);
    }

    [Fact]
    public async Task Script_and_raw_HTML_in_a_page_are_shown_as_text_never_run()
    {
        await File.WriteAllTextAsync(Path.Combine(store.PagesDirectory, "hostile.md"), """
            # Hostile

            <script>alert('owned')</script>

            <img src=x onerror="alert(1)">

            [click](javascript:alert(1)) [tab](java	script:alert(2)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [fine](https://example.com/ok) [local](/pages/terms)

            ![pic](javascript:alert(3))

            <javascript:alert(4)>
            """);
        var response = await store.CreateClient().GetAsync("/pages/hostile");
        var html = await response.Content.ReadAsStringAsync();
        var page = await Html.GetDocumentAsync(response);
        var article = page.QuerySelector("[data-testid=store-page]")!;

        Assert.Empty(article.QuerySelectorAll("script, img[onerror], iframe"));
        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<script>alert('owned')</script>", article.TextContent, StringComparison.Ordinal);
        var hrefs = article.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").ToList();
        Assert.DoesNotContain(hrefs, h => h.Contains("script:", StringComparison.OrdinalIgnoreCase) || h.StartsWith("data:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("https://example.com/ok", hrefs);
        Assert.Contains("/pages/terms", hrefs);
        Assert.DoesNotContain(article.QuerySelectorAll("img").Select(i => i.GetAttribute("src") ?? ""), s => s.Contains("script", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/pages/no-such-page")]
    [InlineData("/pages/..%2fappsettings")]
    [InlineData("/pages/..%2F..%2FWebApp%2Fappsettings")]
    [InlineData("/pages/%2e%2e%2fprogram")]
    [InlineData("/pages/Shipping")]
    [InlineData("/pages/shipping.md")]
    public async Task Unknown_slugs_and_path_tricks_answer_404(string path)
    {
        var response = await store.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("ConnectionStrings", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_footer_links_every_department()
    {
        var client = store.CreateClient();
        var home = await client.GetDocumentAsync("/");
        var departments = (await store.Services.GetRequiredService<WebApp.Catalog.CategoryTree>().GetAsync()).Departments.Select(d => d.Url).ToList();
        var footer = home.QuerySelectorAll("footer [data-testid=footer-departments] a").Select(a => a.GetAttribute("href") ?? "").ToList();
        Assert.NotEmpty(footer);
        Assert.Equal(departments, footer);
        // The home page's returns promise leads to the page that spells it out.
        Assert.Contains(home.QuerySelectorAll("main a"), a => a.GetAttribute("href") == "/pages/returns" && a.TextContent.Contains("returns", StringComparison.OrdinalIgnoreCase));
    }
}
