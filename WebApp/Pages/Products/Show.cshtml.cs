using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebApp.Accounts;
using WebApp.Catalog;
using WebApp.Checkout;
using WebApp.Data;
using WebApp.Mail;
using WebApp.Security;

namespace WebApp.Pages.Products;

/// <summary>The product page, and its "Notify me when back" form for a product that is out of stock.</summary>
[EnableRateLimiting(RateLimits.BackInStock)]
public sealed class ShowModel(ProductCards cards, StoreDbContext db, CategoryTree tree, IOptions<CheckoutOptions> checkout, WebApp.Storefront.StorePages pages,
    BackInStockMails backInStock, MailLinks links, CatalogPageCache cachedPages) : PageModel
{
    public sealed record Details(int Id, string Sku, string Name, string Slug, string Description, long PriceCents, int Stock,
        double RatingAverage, int RatingCount, DateTime UpdatedAt, int CategoryId, string BrandName, string? PhotoFile)
    {
        public string ImageUrl => ProductCard.ImageUrlFor(Id, UpdatedAt, PhotoFile);
    }

    public sealed class NotifyInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        // The store's own rule (as at sign-up), not [EmailAddress], which only looks for an '@': "a@b" or "a b@example.com"
        // were stored, and the mail written for them when the product came back could not be sent (an outside review).
        [Mailbox(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(MailboxAttribute.MaxLength, ErrorMessage = "That email address is too long.")]
        [Display(Name = "Email")]
        public string? Email { get => _email; set => _email = value?.Trim(); }

        // Trimmed as bound, so an address pasted with a space around it is still one (validation sees it trimmed).
        private string? _email;
    }

    public Details Product { get; private set; } = null!;
    public CategoryNode? Category { get; private set; }
    public IReadOnlyList<ProductCard> Related { get; private set; } = [];
    public IReadOnlyList<ShippingRate> ShippingMethods => checkout.Value.ShippingMethods;
    public bool HasReturnsPage { get; private set; }

    /// <summary>Every photo of the product in the admin's order, the primary one included; empty for most products.</summary>
    public IReadOnlyList<string> Photos { get; private set; } = [];

    /// <summary>
    /// An admin looking at a hidden product: the page as it will be, marked, without its forms. Shoppers get the 404;
    /// an owner could not see a hidden product's page before showing it (an outside review, session 51).
    /// </summary>
    public bool IsPreview { get; private set; }

    /// <summary>A signed-in shopper's address is filled in, so asking is one click.</summary>
    public bool EmailKnown { get; private set; }

    /// <summary>A signed-in shopper who already asked: "We will email you when it is back" and "Cancel", not the form again.</summary>
    public bool Waiting { get; private set; }

    [BindProperty]
    public NotifyInput Notify { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, string? slug, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } product)
        {
            if (!User.IsInRole(WebApp.Accounts.Roles.Admin) || await LoadAsync(id, ct, hidden: true) is not { } hidden) return NotFound();
            (product, IsPreview) = (hidden, true);
            Response.Headers.CacheControl = "private, no-store";
        }

        // One canonical address per product: a stale or missing slug, an id spelled "027" or "+27", another letter case or a
        // trailing slash redirects instead of duplicating the page (such a page was rendered on every request, never
        // stored), keeping the review sort and page an old link asked for.
        var canonical = WebApp.Catalog.Product.UrlFor(product.Id, product.Slug);
        // Permanent for search engines, but never kept by a browser without asking: a slug is the product's name, which
        // an admin may change and change back, and a browser holding old -> new and then new -> old looped for good.
        if (!string.Equals(Request.Path.Value, canonical, StringComparison.Ordinal))
        {
            Response.Headers.CacheControl = "no-cache";
            return RedirectPermanent(canonical + ReviewsAsked());
        }
        if (!IsPreview) cachedPages.StoreWhenAskedAgain(HttpContext);
        Notify.Email = await SignedInEmailAsync(ct);
        EmailKnown = Notify.Email is not null;
        Waiting = EmailKnown && product.Stock <= 0 && await backInStock.IsWaitingAsync(product.Id, Notify.Email!, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostNotifyAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } product) return NotFound();
        var url = WebApp.Catalog.Product.UrlFor(product.Id, product.Slug);
        // A signed-in shopper asks for their own address, whatever the form says: the hidden field was edited to sign up
        // someone else (an outside review, session 53).
        if (await SignedInEmailAsync(ct) is { } own)
        {
            ModelState.Clear();
            (Notify.Email, EmailKnown) = (own, true);
        }
        if (!ModelState.IsValid) return Page();

        var outcome = await backInStock.RequestAsync(product.Id, Notify.Email!, links.Link(Request, url), ct);
        // Stored or already waiting: the same words, so the form cannot tell anyone who has asked before.
        Flash.Set(TempData, outcome == BackInStockMails.Outcome.NotOutOfStock
            ? $"Good news: {product.Name} is in stock now."
            : $"Thanks. We will email {BackInStockMails.Normalize(Notify.Email!)} once when {product.Name} is back in stock.");
        return LocalRedirect(url);
    }

    /// <summary>A signed-in shopper takes back their pending request; guests use the link in the mail.</summary>
    public async Task<IActionResult> OnPostCancelNotifyAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } product) return NotFound();
        var url = WebApp.Catalog.Product.UrlFor(product.Id, product.Slug);
        if (await SignedInEmailAsync(ct) is not { } own) return LocalRedirect(url);
        Flash.Set(TempData, await backInStock.CancelAsync(product.Id, own, ct)
            ? $"Cancelled: we will not email you about {product.Name}."
            : $"There was no request to cancel: we were not going to email you about {product.Name}.");
        return LocalRedirect(url);
    }

    // Compiled once: EF otherwise walks the query's expression tree for its parameters and looks up its cached plan on
    // every request, and this is the page a catalogue's long tail of products is rendered by. "active" false is an
    // admin's preview of a hidden product.
    private static readonly Func<StoreDbContext, int, bool, CancellationToken, Task<Details?>> s_details = EF.CompileAsyncQuery(
        (StoreDbContext db, int id, bool active, CancellationToken ct) => db.Products.AsNoTracking()
            .Where(p => p.Id == id && p.IsActive == active)
            .Select(p => new Details(p.Id, p.Sku, p.Name, p.Slug, p.Description, p.PriceCents, p.Stock,
                p.RatingAverage, p.RatingCount, p.UpdatedAt, p.CategoryId, p.Brand!.Name,
                db.ProductPhotos.Where(ph => ph.ProductId == p.Id && ph.IsPrimary).Select(ph => ph.FileName).FirstOrDefault()))
            .FirstOrDefault());

    /// <param name="hidden">A hidden product (an admin's preview) rather than one on sale.</param>
    private async Task<Details?> LoadAsync(int id, CancellationToken ct, bool hidden = false)
    {
        // One connection for the page's half-dozen reads (this, related products, the reviews): EF otherwise opens and
        // closes it around each, and each open registers the store's SQL functions again. The scope's end closes it.
        await db.Database.OpenConnectionAsync(ct);
        var product = await s_details(db, id, !hidden, ct);
        if (product is null) return null;

        Product = product;
        // Only a product with a primary photo has photos, so the others (most of a catalogue) cost no query. Its other
        // photos were shown nowhere (an outside review, session 51).
        if (product.PhotoFile is not null)
        {
            Photos = await db.ProductPhotos.AsNoTracking().Where(ph => ph.ProductId == id).OrderBy(ph => ph.SortOrder).ThenBy(ph => ph.Id)
                .Select(ph => ph.FileName).ToListAsync(ct);
        }
        Category = (await tree.GetAsync()).ById.GetValueOrDefault(product.CategoryId);
        HasReturnsPage = pages.Exists("returns");
        var related = await db.Database.SqlQueryRaw<int>(
            "SELECT Id AS Value FROM Products WHERE IsActive = 1 AND CategoryId = {0} AND Id <> {1} ORDER BY RatingAverage DESC, RatingCount DESC, Id DESC LIMIT 4",
            product.CategoryId, product.Id).ToListAsync(ct);
        Related = await cards.LoadAsync(db, related, ct);
        return product;
    }

    // The review sort and page this request asked for, as the reviews section's own links spell them.
    private QueryString ReviewsAsked() => WebApp.Reviews.ProductReviews.Query(Request.Query["reviews"].ToString(),
        int.TryParse(Request.Query["rpage"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) ? page : 1);

    private async Task<string?> SignedInEmailAsync(CancellationToken ct) => CurrentShopper.UserIdOf(User) is { } userId
        ? await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct)
        : null;
}
