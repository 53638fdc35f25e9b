using WebApp.Checkout;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Data;
using WebApp.Reviews;
using WebApp.Security;

namespace WebApp.Pages.Reviews;

/// <summary>Write or edit the signed-in customer's review of one product they bought (sign-in by the /Reviews folder rule).</summary>
[EnableRateLimiting(RateLimits.Reviews)]
public sealed class WriteModel(StoreDbContext db, WriteReview write) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string ProductName { get; private set; } = "";
    public string ProductUrl { get; private set; } = "";
    public bool IsEdit { get; private set; }

    /// <summary>The shopper's review is one the store has hidden: said above the form and after saving.</summary>
    public bool IsHidden { get; private set; }

    /// <summary>The helpful votes the review has now; saving a changed rating, title or body clears them, which the form says.</summary>
    public int HelpfulVotes { get; private set; }

    /// <summary>False for a shopper who has no shipped or delivered order of the product: the page explains instead of a form.</summary>
    public bool MayReview { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a rating from 1 to 5 stars.")]
        [Range(1, 5, ErrorMessage = "Choose a rating from 1 to 5 stars.")]
        [Display(Name = "Your rating")]
        public int? Stars { get; set; }

        [Required(ErrorMessage = "Give your review a title.")]
        [StringLength(Review.TitleMaxLength, ErrorMessage = "Keep the title to {1} characters or fewer.")]
        [PlainText(ControlsDropped = true)]
        public string Title { get; set; } = "";

        [Required(ErrorMessage = "Write a few words about the product.")]
        [StringLength(Review.BodyMaxLength, ErrorMessage = "Keep the review to {1:N0} characters or fewer.")]
        [PlainText(ControlsDropped = true)]
        [Display(Name = "Your review")]
        public string Body { get; set; } = "";

        [Required(ErrorMessage = "Enter the name to show with your review.")]
        [StringLength(Review.AuthorNameMaxLength, ErrorMessage = "Keep the name to {1} characters or fewer.")]
        [PlainText(ControlsDropped = true)]
        [Display(Name = "Name shown with your review")]
        public string AuthorName { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(int productId, CancellationToken ct)
    {
        if (!await LoadAsync(productId, ct)) return NotFound();
        var userId = CurrentShopper.UserIdOf(User)!;
        if (await write.FindAsync(userId, productId, ct) is { } existing)
        {
            Input = new InputModel { Stars = existing.Stars, Title = existing.Title, Body = existing.Body, AuthorName = existing.AuthorName };
        }
        else
        {
            // A suggestion the shopper sees and can change: the first name on their latest order, never any part of the
            // email address (its local part is often the whole name and the address, and it would be published).
            var fullName = await db.Orders.AsNoTracking().Where(o => o.UserId == userId).OrderByDescending(o => o.Id)
                .Select(o => o.FullName).FirstOrDefaultAsync(ct) ?? "";
            var first = fullName.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            Input.AuthorName = first.Length > Review.AuthorNameMaxLength ? first[..Review.AuthorNameMaxLength] : first;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int productId, CancellationToken ct)
    {
        if (!await LoadAsync(productId, ct)) return NotFound();
        if (!MayReview) return Page();
        // "five" failed to bind and showed the framework's "The value 'five' is not valid for Stars" (an outside review,
        // session 44): the same words as for a rating out of range.
        if (ModelState.TryGetValue("Input.Stars", out var stars) && stars.Errors.Count > 0)
        {
            stars.Errors.Clear();
            ModelState.AddModelError("Input.Stars", "Choose a rating from 1 to 5 stars.");
        }
        // Lengths count what is kept (trimmed), so a title of spaces is as empty as no title.
        if (ModelState.IsValid && string.IsNullOrWhiteSpace(ReviewText.Clean(Input.Title))) ModelState.AddModelError("Input.Title", "Give your review a title.");
        if (ModelState.IsValid && string.IsNullOrWhiteSpace(ReviewText.Clean(Input.Body))) ModelState.AddModelError("Input.Body", "Write a few words about the product.");
        if (ModelState.IsValid && string.IsNullOrWhiteSpace(ReviewText.Clean(Input.AuthorName))) ModelState.AddModelError("Input.AuthorName", "Enter the name to show with your review.");
        if (!ModelState.IsValid) return Page();

        var result = await write.SaveAsync(CurrentShopper.UserIdOf(User)!, productId,
            new WriteReview.Input(Input.Stars!.Value, Input.Title, Input.Body, Input.AuthorName), ct);
        switch (result)
        {
            case WriteReview.Result.NoSuchProduct:
                return NotFound();
            case WriteReview.Result.NotABuyer:
                MayReview = false;
                return Page();
            default:
                Flash.Set(TempData, result == WriteReview.Result.Created ? "Thank you: your review is published."
                    : IsHidden ? "Your review is updated. The store has hidden it, so other shoppers still do not see it." : "Your review is updated.",
                    reviewId: Flash.ReviewsSection);
                return Redirect(ProductUrl + "#reviews");
        }
    }

    /// <summary>The author deletes their review, after the confirm step in the page (a details element: no script needed).</summary>
    public async Task<IActionResult> OnPostDeleteAsync(int productId, CancellationToken ct)
    {
        if (!await LoadAsync(productId, ct)) return NotFound();
        Flash.Set(TempData, await write.DeleteAsync(CurrentShopper.UserIdOf(User)!, productId, ct) == WriteReview.Deleted.Deleted
            ? "Your review is deleted, and its stars are out of the product's rating."
            : "You had no review of this product to delete.", reviewId: Flash.ReviewsSection);
        return Redirect(ProductUrl + "#reviews");
    }

    private async Task<bool> LoadAsync(int productId, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().Where(p => p.Id == productId && p.IsActive)
            .Select(p => new { p.Id, p.Name, p.Slug }).FirstOrDefaultAsync(ct);
        if (product is null) return false;
        ProductName = product.Name;
        ProductUrl = WebApp.Catalog.Product.UrlFor(product.Id, product.Slug);
        var userId = CurrentShopper.UserIdOf(User)!;
        var own = await write.FindAsync(userId, productId, ct);
        (IsEdit, IsHidden, HelpfulVotes) = (own is not null, own?.IsHidden == true, own?.HelpfulCount ?? 0);
        MayReview = IsEdit || await write.BoughtAsync(userId, productId, ct);
        return true;
    }
}
