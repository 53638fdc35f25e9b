using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Admin;
using WebApp.Data;
using WebApp.Mail;
using WebApp.Security;

namespace WebApp.Pages.Account.Manage;

/// <summary>The account page. Every change asks for the current password again, and its posts are rate limited.</summary>
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class IndexModel(StoreDbContext db, UserManager<StoreUser> users, SignInManager<StoreUser> signIn, Reauthentication reauthentication,
    IEmailSender email, AccountMessages messages, MailLinks links, SecurityNotices notices, UserAdministration administration, ILogger<IndexModel> logger, AccountMail accountMail,
    WebApp.Reviews.WriteReview reviews, WebApp.Catalog.BackInStockMails backInStock, WebApp.Catalog.ICatalogChanges changes) : PageModel
{
    public StoreUser Account { get; private set; } = null!;

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public ChangePasswordInput ChangePassword { get; set; } = new();

    [BindProperty]
    public DeleteInput Delete { get; set; } = new();

    [BindProperty]
    public ChangeEmailInput ChangeEmail { get; set; } = new();

    public sealed class ChangeEmailInput
    {
        [Required(ErrorMessage = "Enter the new email address.")]
        [Mailbox]
        [StringLength(MailboxAttribute.MaxLength, ErrorMessage = "Keep the email address under 254 characters.")]
        [Display(Name = "New email")]
        public string NewEmail { get; set; } = "";

        [Required(ErrorMessage = "Enter your current password to change your email.")]
        [StringLength(PasswordPolicy.MaxLength, ErrorMessage = PasswordPolicy.TooLongMessage)]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";
    }

    public sealed class ChangePasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        [StringLength(PasswordPolicy.MaxLength, ErrorMessage = PasswordPolicy.TooLongMessage)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(PasswordPolicy.MaxLength, MinimumLength = PasswordPolicy.MinLength, ErrorMessage = PasswordPolicy.LengthMessage)]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the new password again.")]
        [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public sealed class DeleteInput
    {
        [Required(ErrorMessage = "Enter your password to delete the account.")]
        [StringLength(PasswordPolicy.MaxLength, ErrorMessage = PasswordPolicy.TooLongMessage)]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Account = user;
        return Page();
    }

    public async Task<IActionResult> OnPostChangePasswordAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Account = user;
        ValidateOnly(nameof(ChangePassword));
        if (!ModelState.IsValid) return Page();

        if (await reauthentication.RequirePasswordAsync(this, user, ChangePassword.CurrentPassword, "ChangePassword.CurrentPassword") is { } refused) return refused;
        // The current password was just checked (and a wrong one counted): a reset token spares hashing it twice.
        var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), ChangePassword.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError("ChangePassword.Password", error.Description);
            return Page();
        }
        // The new security stamp signs every other browser out; this one gets a fresh cookie.
        await signIn.RefreshSignInAsync(user);
        await notices.SendAsync(user, "The password of your account was changed.");
        logger.LogInformation(AccountEvents.PasswordChanged, "User {UserId} changed their password", user.Id);
        StatusMessage = "Your password has been changed. Other browsers have been signed out.";
        return RedirectToPage();
    }

    /// <summary>The address changes only when the link mailed to the new address is opened.</summary>
    public async Task<IActionResult> OnPostChangeEmailAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Account = user;
        ValidateOnly(nameof(ChangeEmail));
        if (!ModelState.IsValid) return Page();
        if (await reauthentication.RequirePasswordAsync(this, user, ChangeEmail.CurrentPassword, "ChangeEmail.CurrentPassword") is { } refused) return refused;
        // Their own address, in any letter case: it said a link was sent and none was (session 52's review). Telling the
        // owner their own address tells nobody anything.
        if (users.NormalizeEmail(ChangeEmail.NewEmail) == user.NormalizedEmail)
        {
            ModelState.AddModelError("ChangeEmail.NewEmail", "That is already your email address.");
            return Page();
        }
        // A typed stranger's address is mailed: it counts toward the address's account mails an hour (AccountMail), or
        // seven posts sent seven mails (an outside review, session 44).
        if (await users.FindByEmailAsync(ChangeEmail.NewEmail) is null && accountMail.MayMail(ChangeEmail.NewEmail))
        {
            var code = AccountTokens.Encode(await users.GenerateChangeEmailTokenAsync(user, ChangeEmail.NewEmail));
            var link = links.Link(Request, Url.Page("/Account/ConfirmEmailChange", new { userId = user.Id, email = ChangeEmail.NewEmail, code })!);
            await email.SendAsync(messages.ConfirmChange(ChangeEmail.NewEmail, link));
        }
        // Taken or not, the same words: this form must not tell who else has an account.
        StatusMessage = "We have sent a link to the new address. Your email changes when you open it.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDownloadAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var address = WebApp.Catalog.BackInStockMails.Normalize(user.Email ?? "");
        var data = new
        {
            user.Id,
            user.Email,
            user.EmailConfirmed,
            user.CreatedAt,
            user.TwoFactorEnabled,
            Roles = await users.GetRolesAsync(user),
            // Orders hold the addresses and phone numbers the shopper gave: personal data too.
            Orders = await db.Orders.AsNoTracking().Where(o => o.UserId == user.Id).OrderBy(o => o.Id)
                .Select(o => new
                {
                    o.Id, o.PlacedAt, Status = o.Status.ToString(), o.FullName, o.AddressLine1, o.AddressLine2, o.City, o.Region, o.PostalCode, o.Country, o.Phone,
                    o.ShippingMethod, o.PaymentMethod, o.PaymentSummary, o.SubtotalCents, o.ShippingCents, o.TaxCents, o.TotalCents,
                    Lines = o.Lines.OrderBy(l => l.Id).Select(l => new { l.ProductId, l.Sku, l.Name, l.UnitPriceCents, l.Quantity }).ToList(),
                })
                .ToListAsync(),
            SavedAddresses = await db.SavedAddresses.AsNoTracking().Where(a => a.UserId == user.Id).OrderBy(a => a.Id)
                .Select(a => new { a.FullName, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country, a.Phone, a.LastUsedAt })
                .ToListAsync(),
            // Everything else kept about the person, as the privacy page lists it: reviews (published under the shown name),
            // votes, reports and back-in-stock requests were missing (an outside review, session 53).
            Cart = await db.Carts.AsNoTracking().Where(c => c.UserId == user.Id).SelectMany(c => c.Lines).OrderBy(l => l.Id)
                .Select(l => new { l.ProductId, l.Quantity, l.PriceCentsWhenAdded, l.AddedAt })
                .ToListAsync(),
            Reviews = await db.Reviews.AsNoTracking().Where(r => r.UserId == user.Id).OrderBy(r => r.Id)
                .Select(r => new { r.Id, r.ProductId, r.AuthorName, r.Stars, r.Title, r.Body, r.IsHidden, r.HelpfulCount, r.CreatedAt, r.UpdatedAt })
                .ToListAsync(),
            HelpfulVotes = await db.ReviewVotes.AsNoTracking().Where(v => v.UserId == user.Id).OrderBy(v => v.At)
                .Select(v => new { v.ReviewId, v.At })
                .ToListAsync(),
            ReviewReports = await db.ReviewReports.AsNoTracking().Where(r => r.UserId == user.Id).OrderBy(r => r.At)
                .Select(r => new { r.ReviewId, r.Reason, r.At })
                .ToListAsync(),
            BackInStockRequests = await db.BackInStockRequests.AsNoTracking().Where(r => r.Email == address).OrderBy(r => r.Id)
                .Select(r => new { r.ProductId, r.Email, r.CreatedAt, Emailed = r.NotifiedAt })
                .ToListAsync(),
        };
        logger.LogInformation(AccountEvents.PersonalDataDownloaded, "User {UserId} downloaded their personal data", user.Id);
        Response.Headers.ContentDisposition = "attachment; filename=personal-data.json";
        return File(JsonSerializer.SerializeToUtf8Bytes(data, s_indented), "application/json");
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Account = user;
        ValidateOnly(nameof(Delete));
        if (!ModelState.IsValid) return Page();
        if (await reauthentication.RequirePasswordAsync(this, user, Delete.Password, "Delete.Password") is { } refused) return refused;
        IReadOnlyCollection<int> reviewedOrVoted;
        // The last-admin check and the delete share one write transaction: two admins deleting themselves at once leave one.
        await using (var transaction = await db.Database.BeginTransactionAsync(HttpContext.RequestAborted))
        {
            if (await administration.RefuseSelfDeletionAsync(user.Id, HttpContext.RequestAborted) is { } lastAdmin)
            {
                ModelState.AddModelError(nameof(Delete), lastAdmin);
                return Page();
            }
            // What the shopper published or asked for goes with the account, as the section says beforehand: their reviews
            // stayed up under their name and in the ratings (an outside review, session 53). Orders stay as business records.
            reviewedOrVoted = await reviews.EraseAuthorAsync(user.Id, HttpContext.RequestAborted);
            if (user.Email is { } address) await backInStock.ForgetAddressAsync(address, HttpContext.RequestAborted);
            var result = await users.DeleteAsync(user);
            if (!result.Succeeded) throw new InvalidOperationException($"Deleting user {user.Id} failed.");
            await transaction.CommitAsync(HttpContext.RequestAborted);
        }
        if (reviewedOrVoted.Count > 0) await changes.PublishAsync(WebApp.Catalog.CatalogChange.Products(reviewedOrVoted), HttpContext.RequestAborted);
        await signIn.SignOutAsync();
        logger.LogInformation(AccountEvents.AccountDeleted, "User {UserId} deleted their account", user.Id);
        // Said on the page it lands on: the home page said nothing, so the shopper could not tell it had worked (session 52's review).
        Flash.Set(TempData, "Your account has been deleted and you are signed out.");
        return LocalRedirect("/");
    }

    // Times with their zone, as the API writes them: SQLite's unmarked UTC came out as "2026-12-06T17:45:41.26", a
    // local time to any reader (an outside review, session 53).
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Converters = { new WebApp.Api.UtcDateTimeConverter() } };

    /// <summary>
    /// True when the form of <paramref name="prefix"/> was posted and refused: its error summary (which takes the focus)
    /// goes in that form. The forms said their errors by their fields alone, the focus left on the page (an outside
    /// review, session 50).
    /// </summary>
    public bool Refused(string prefix) =>
        ModelState.Any(e => e.Value is { Errors.Count: > 0 } && (e.Key == prefix || e.Key.StartsWith(prefix + ".", StringComparison.Ordinal)));

    // Both forms bind on every post (the absent one under an empty prefix); only the submitted one is validated.
    private void ValidateOnly(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
    }
}
