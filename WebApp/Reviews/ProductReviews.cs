using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Reviews;

/// <summary>One page of a product's visible reviews, for the product page, with what the signed-in shopper may do.</summary>
public sealed class ProductReviews(StoreDbContext db, WriteReview write)
{
    public const int PageSize = 10;
    public const string Newest = "newest";
    public const string MostHelpful = "helpful";

    public sealed record Item(int Id, string AuthorName, int Stars, string Title, string Body, bool IsVerifiedPurchase,
        int HelpfulCount, DateTime CreatedAt, bool IsEdited, bool IsYours, bool YouVoted, bool YouReported = false);

    /// <summary>
    /// What the shopper sees about writing: sign in, write, edit (EditHidden: an author whose review the store has hidden),
    /// or nothing (not a buyer).
    /// </summary>
    public enum Invitation { SignIn, Write, Edit, EditHidden, None }

    public sealed record Page(int ProductId, double RatingAverage, int RatingCount, string Sort, int PageNumber, int TotalPages,
        IReadOnlyList<Item> Items, Invitation Invite);

    /// <summary>A review sort and page as the product page's links spell them: the defaults (newest, page 1) left out.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Parameters(string? sort, int page) => new Dictionary<string, string?>
    {
        ["reviews"] = sort == MostHelpful ? MostHelpful : null,
        ["rpage"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
    }.Where(p => p.Value is not null);

    /// <summary>The query string of <see cref="Parameters"/>.</summary>
    public static QueryString Query(string? sort, int page) => QueryString.Create(Parameters(sort, page));

    /// <summary>
    /// The page of reviews the query asks for. <paramref name="rating"/> is the product's average and count as the
    /// product page read them with the product (the same row, so not read again).
    /// </summary>
    public async Task<Page> LoadAsync(int productId, (double Average, int Count) rating, string? sort, string? page, string? userId, CancellationToken ct)
    {
        sort = sort == MostHelpful ? MostHelpful : Newest;
        var (average, count) = rating;
        var visible = db.Reviews.AsNoTracking().Where(r => r.ProductId == productId && !r.IsHidden);
        var total = count;
        var pages = WebApp.Pages.Pager.PagesFor(total, PageSize);
        // Digits past any int are a page past the end like 10 of 9 (they showed page 1; an outside review, session 53).
        var number = Math.Clamp(WebApp.Pages.Pager.Requested(page ?? ""), 1, pages);
        var ordered = sort == MostHelpful
            ? visible.OrderByDescending(r => r.HelpfulCount).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            : visible.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id);
        var rows = await ordered.Skip(WebApp.Pages.Pager.Skip(number, PageSize)).Take(PageSize)
            .Select(r => new
            {
                r.Id, r.AuthorName, r.Stars, r.Title, r.Body, r.IsVerifiedPurchase, r.HelpfulCount, r.CreatedAt, r.UpdatedAt, r.UserId,
                Voted = userId != null && db.ReviewVotes.Any(v => v.ReviewId == r.Id && v.UserId == userId),
                Reported = userId != null && db.ReviewReports.Any(v => v.ReviewId == r.Id && v.UserId == userId),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new Item(r.Id, r.AuthorName, r.Stars, r.Title, r.Body, r.IsVerifiedPurchase, r.HelpfulCount,
            r.CreatedAt, r.UpdatedAt > r.CreatedAt.AddMinutes(1), userId != null && r.UserId == userId, r.Voted, r.Reported)).ToList();

        var invite = Invitation.SignIn;
        if (userId is not null)
        {
            invite = await write.FindAsync(userId, productId, ct) is { } own ? (own.IsHidden ? Invitation.EditHidden : Invitation.Edit)
                : await write.BoughtAsync(userId, productId, ct) ? Invitation.Write
                : Invitation.None;
        }
        return new Page(productId, average, count, sort, number, pages, items, invite);
    }
}
