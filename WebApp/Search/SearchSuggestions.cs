using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Search;

public sealed record Suggestion(string Type, string Label, string Url);

public sealed record SuggestionList(string Query, IReadOnlyList<Suggestion> Suggestions);

/// <summary>
/// Suggestions for the search box as the shopper types: categories whose name starts with a typed word, then products
/// whose name contains every word (the last as a prefix). Newest products first, because FTS5 hands them over in rowid
/// order without ranking; six are enough for a dropdown.
/// </summary>
public static class SearchSuggestions
{
    private const int MaxProducts = 6;
    private const int MaxCategories = 3;

    public static IEndpointRouteBuilder MapSearchSuggestions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search/suggest", async (string? q, StoreDbContext db, CategoryTree tree, SearchCache cache, HttpContext http, CancellationToken ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            var text = SearchText.Parse(q);
            var (list, hit) = text.IsEmpty
                ? (new SuggestionList("", []), true)
                : await cache.GetOrComputeAsync(cache.KeyForSuggestions(text), () => ComputeAsync(text, db, tree, CancellationToken.None));
            http.Response.Headers["Server-Timing"] = ServerTiming.Search(started, hit);
            return Results.Json(list);
        }).RequireRateLimiting(WebApp.Security.RateLimits.Search);
        return app;
    }

    private static async Task<SuggestionList> ComputeAsync(SearchText text, StoreDbContext db, CategoryTree tree, CancellationToken ct)
    {
        var categories = (await tree.GetAsync()).ById.Values
            .Where(c => text.Words.Any(w => c.Name.Split(' ', '&', '-').Any(part => part.StartsWith(w, StringComparison.OrdinalIgnoreCase))))
            .OrderBy(c => c.IsDepartment ? 0 : 1).ThenBy(c => c.Name)
            .Take(MaxCategories)
            .Select(c => new Suggestion("category", c.Name, $"/categories/{c.Slug}"));

        var match = text.Match(MatchMode.AllWords, nameOnly: true)!;
        var products = await db.Database.SqlQuery<ProductName>($"""
            SELECT p.Id, p.Name, p.Slug FROM ProductSearch JOIN Products p ON p.Id = ProductSearch.rowid
            WHERE ProductSearch MATCH {match} AND p.IsActive = 1 ORDER BY ProductSearch.rowid DESC LIMIT {MaxProducts}
            """).ToListAsync(ct);

        return new SuggestionList(text.Normalized, [.. categories, .. products.Select(p => new Suggestion("product", p.Name, $"/products/{p.Id}/{p.Slug}"))]);
    }

    private sealed record ProductName(int Id, string Name, string Slug);
}

public static class ServerTiming
{
    /// <summary>A Server-Timing value anyone can read in the browser's network panel: how long search took, and whether the cache answered.</summary>
    public static string Search(long startedTimestamp, bool cacheHit) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"search;dur={Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds:F2};desc=\"{(cacheHit ? "hit" : "miss")}\"");
}
