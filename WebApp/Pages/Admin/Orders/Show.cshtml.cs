using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Admin;
using WebApp.Checkout;
using WebApp.Data;
using WebApp.Mail;
using WebApp.Orders;

namespace WebApp.Pages.Admin.Orders;

/// <summary>
/// One order for staff: what was bought, by whom, where it goes, how it was paid, what happened to it, internal notes,
/// and the fulfilment moves the order's status allows. Every move goes through <see cref="OrderWorkflow"/>, so a
/// forged post for a move the rules forbid gets the workflow's answer as a message.
/// </summary>
public sealed class ShowModel(StoreDbContext db, OrderWorkflow workflow, AdminAudit audit, MailLinks links, TimeProvider clock) : PageModel
{
    public sealed class ShipForm
    {
        [Required(ErrorMessage = "Enter the carrier.")]
        [StringLength(OrderWorkflow.CarrierMaxLength, ErrorMessage = "Keep the carrier to {1} characters or fewer.")]
        // The carrier, tracking number and history note go into the customer's mail and order page: "UPS\u202ESPU" and
        // "1Z\x01\x07" were taken as they were (an outside review, session 45).
        [PlainText]
        public string? Carrier { get; set; }

        [Required(ErrorMessage = "Enter the tracking number.")]
        [PlainText]
        [StringLength(OrderWorkflow.TrackingNumberMaxLength, ErrorMessage = "Keep the tracking number to {1} characters or fewer.")]
        [Display(Name = "Tracking number")]
        public string? TrackingNumber { get; set; }

        [StringLength(OrderWorkflow.NoteMaxLength, ErrorMessage = "Keep the note to {1} characters or fewer.")]
        [PlainText]
        [Display(Name = "Note for the customer (optional; shown in their order history and in any mail this sends)")]
        public string? Note { get; set; }
    }

    public sealed class MoveForm
    {
        [StringLength(OrderWorkflow.NoteMaxLength, ErrorMessage = "Keep the note to {1} characters or fewer.")]
        [PlainText]
        [Display(Name = "Note for the customer (optional; shown in their order history and in any mail this sends)")]
        public string? Note { get; set; }
    }

    public sealed class NoteForm
    {
        public const int MaxLength = 2000;

        [Required(ErrorMessage = "Write the note.")]
        [StringLength(MaxLength, ErrorMessage = "Keep the note to {1} characters or fewer.")]
        [Display(Name = "Internal note")]
        [PlainText(ControlsDropped = true)]
        public string? Text { get; set; }
    }

    public Order Order { get; private set; } = null!;
    public bool CustomerExists { get; private set; }
    public ShipForm Ship { get; private set; } = new();
    public MoveForm Deliver { get; private set; } = new();
    public MoveForm Cancel { get; private set; } = new();
    public NoteForm Note { get; private set; } = new();

    public bool CanShip => workflow.CanShip(Order.Status, Order.PaymentMethod);
    public bool CanDeliver => OrderStatusRules.CanMove(Order.Status, OrderStatus.Delivered);
    public bool CanCancel => OrderStatusRules.CanMove(Order.Status, OrderStatus.Cancelled);
    public bool IsCardOrder => workflow.CardMethods.Contains(Order.PaymentMethod);

    /// <summary>A cancelled card order whose payment was taken and not yet refunded: the page offers the refund.</summary>
    public bool RefundDue => Order.Status == OrderStatus.Cancelled && IsCardOrder && Order.PaymentReference is not null && Order.RefundReference is null;

    /// <summary>
    /// A card order still Placed: its payment was never recorded, so staff can ask the gateway. Or one cancelled before
    /// the cancel asked the gateway itself (session 46): its charge may have gone through unrecorded.
    /// </summary>
    public bool AwaitsPayment => IsCardOrder && (Order.Status == OrderStatus.Placed
        || Order.Status == OrderStatus.Cancelled && Order.PaymentReference is null && Order.PaymentSummary is null);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostShipAsync(int id, [FromForm(Name = nameof(Ship))] ShipForm ship, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            if (!await LoadAsync(id, ct)) return NotFound();
            Ship = ship;
            return Page();
        }
        return Done(id, await workflow.ShipAsync(id, ship.Carrier!, ship.TrackingNumber!, ship.Note, User, links.Link(Request, ""), ct),
            $"Order #{id} is shipped; the customer was mailed the tracking number.");
    }

    public async Task<IActionResult> OnPostDeliverAsync(int id, [FromForm(Name = nameof(Deliver))] MoveForm deliver, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            if (!await LoadAsync(id, ct)) return NotFound();
            Deliver = deliver;
            return Page();
        }
        return Done(id, await workflow.DeliverAsync(id, deliver.Note, User, ct), $"Order #{id} is delivered.");
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, [FromForm(Name = nameof(Cancel))] MoveForm cancel, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            if (!await LoadAsync(id, ct)) return NotFound();
            Cancel = cancel;
            return Page();
        }
        return Done(id, await workflow.CancelAsync(id, cancel.Note, User, links.Link(Request, ""), ct), $"Order #{id} is cancelled and its stock is back.");
    }

    public async Task<IActionResult> OnPostRefundAsync(int id, CancellationToken ct) =>
        Done(id, await workflow.RefundAsync(id, User, links.Link(Request, ""), ct), $"Order #{id} is refunded; the customer was mailed.");

    public async Task<IActionResult> OnPostCheckPaymentAsync(int id, CancellationToken ct)
    {
        var (message, isError) = await CheckPaymentAsync(workflow, id, User, ct);
        return Done(id, isError ? message : null, message);
    }

    public async Task<IActionResult> OnPostNoteAsync(int id, [FromForm(Name = nameof(Note))] NoteForm note, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            if (!await LoadAsync(id, ct)) return NotFound();
            Note = note;
            return Page();
        }
        if (!await db.Orders.AnyAsync(o => o.Id == id, ct)) return NotFound();
        db.OrderNotes.Add(new OrderNote
        {
            OrderId = id, At = clock.GetUtcNow().UtcDateTime, Text = note.Text!.Trim(),
            AuthorId = CurrentShopper.UserIdOf(User)!, AuthorEmail = User.Identity?.Name ?? "",
        });
        await audit.SaveAsync(User, ct);
        Flash.Set(TempData, "Note added.");
        return Redirect(PathOf(id));
    }

    public static string PathOf(int id) => $"/admin/orders/{id}";

    /// <summary>The payment check as a message, shared with the dashboard's button.</summary>
    public static async Task<(string Message, bool IsError)> CheckPaymentAsync(OrderWorkflow workflow, int id, System.Security.Claims.ClaimsPrincipal staff, CancellationToken ct) =>
        await workflow.CheckPaymentAsync(id, staff, ct) switch
        {
            PaymentCheck.Paid paid => ($"The gateway had taken the payment for order #{id} ({paid.Summary}): it is now Paid.", false),
            PaymentCheck.NoCharge => ($"The gateway has no charge for order #{id}: nothing was taken. Cancel the order to put its stock back.", true),
            PaymentCheck.PaidButCancelled paid => ($"The gateway had taken the payment for cancelled order #{id} ({paid.Summary}): refund it below.", false),
            PaymentCheck.Declined declined => ($"The gateway declined order #{id}'s payment ({declined.Message}). Cancel the order to put its stock back.", true),
            PaymentCheck.NotAwaitingPayment not => (not.Problem, true),
            _ => throw new InvalidOperationException("Unknown payment check result."),
        };

    private RedirectResult Done(int id, string? problem, string success)
    {
        Flash.Set(TempData, problem ?? success, isError: problem is not null);
        return Redirect(PathOf(id));
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().AsSplitQuery()
            .Include(o => o.Lines.OrderBy(l => l.Id))
            .Include(o => o.History.OrderBy(h => h.Id))
            .Include(o => o.Notes.OrderBy(n => n.Id))
            .FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null) return false;
        Order = order;
        CustomerExists = await db.Users.AnyAsync(u => u.Id == order.UserId, ct);
        return true;
    }
}
