using System.Text.Encodings.Web;
using AngleSharp.Html.Parser;
using WebApp.Pages;

namespace WebApp.Tests.Catalog;

/// <summary>The pager is written by code, not a partial view: its links must be encoded and its ends inert, as before.</summary>
public sealed class PagerTests
{
    private static AngleSharp.Html.Dom.IHtmlDocument Render(Pager pager)
    {
        using var html = new StringWriter();
        pager.WriteTo(html, HtmlEncoder.Default);
        return new HtmlParser().ParseDocument(html.ToString());
    }

    [Fact]
    public void Links_carry_the_address_encoded_with_the_current_page_marked_and_gaps_between_the_window_and_the_ends()
    {
        var doc = Render(new Pager(6, 20, n => $"/search?q=\"lamp\"&brand=a<b>&page={n}"));

        Assert.Empty(doc.QuerySelectorAll("b"));
        var numbers = doc.QuerySelectorAll(".pagination li:not(.pager-count)").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["« Previous", "1", "…", "4", "5", "6", "7", "8", "…", "20", "Next »"], numbers);
        // What a phone shows instead of the numbers (site.css): the pager wrapped onto two rows there.
        Assert.Equal(9, doc.QuerySelectorAll(".pagination li.pager-number").Length);
        Assert.Equal("Page 6 of 20", doc.QuerySelector(".pagination li.pager-count")!.TextContent);
        Assert.Equal("Page 1,234 of 3,456", Render(new Pager(1234, 3456, n => "/x")).QuerySelector(".pager-count")!.TextContent);
        Assert.Equal("6", doc.QuerySelector(".page-item.active[aria-current=page]")!.TextContent);
        Assert.Equal("/search?q=\"lamp\"&brand=a<b>&page=5", doc.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("/search?q=\"lamp\"&brand=a<b>&page=7", doc.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Equal("/search?q=\"lamp\"&brand=a<b>&page=20",
            doc.QuerySelectorAll(".pagination a.page-link").Single(a => a.TextContent == "20").GetAttribute("href"));
    }

    [Fact]
    public void At_either_end_the_word_stays_as_text_and_no_link_leads_past_it()
    {
        var first = Render(new Pager(1, 3, n => $"/categories/lamps?page={n}"));
        var last = Render(new Pager(3, 3, n => $"/categories/lamps?page={n}"));

        Assert.Null(first.QuerySelector("a[rel=prev]"));
        Assert.Equal("« Previous", first.QuerySelector(".page-item.disabled span[aria-disabled=true]")!.TextContent);
        Assert.Null(last.QuerySelector("a[rel=next]"));
        Assert.Equal("Next »", last.QuerySelector(".page-item.disabled span[aria-disabled=true]")!.TextContent);
        Assert.Equal(["/categories/lamps?page=1", "/categories/lamps?page=2"],
            last.QuerySelectorAll("a.page-link:not([rel])").Select(a => a.GetAttribute("href")!));
    }

    [Fact]
    public void A_listing_of_one_page_writes_no_pager()
    {
        Assert.Null(Render(new Pager(1, 1, n => "/x")).QuerySelector("nav"));
    }
}
