using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using WebApp.Mail;

namespace WebApp.Checkout;

/// <summary>
/// The checkout form as the shopper filled it in, every field as typed (null when left empty), with each field's name,
/// rule and message. <see cref="PlaceOrder"/> checks all of it and names each problem by the property it is about.
/// Prices are not here: they are read when the order is placed, and <see cref="QuotedSubtotalCents"/> only says what
/// the shopper agreed to.
/// </summary>
// Model binding leaves the checking to PlaceOrder, so the page and an API get each problem once, from one place.
[ValidateNever]
public sealed record PlaceOrderRequest
{
    /// <summary>A guest's address for the confirmation and the order's link (required for a guest; an account's own address is used otherwise).</summary>
    [Mailbox]
    [StringLength(MailboxAttribute.MaxLength, ErrorMessage = "Keep the email address under 254 characters.")]
    [Display(Name = "Email address")]
    public string? Email { get; init; }

    [Required(ErrorMessage = "Enter the name of the person receiving the order.")]
    [StringLength(100, ErrorMessage = "Keep the name under 100 characters.")]
    [Display(Name = "Full name")]
    [PlainText(DirectionMarksAllowed = true)]
    public string? FullName { get; init; }

    [Required(ErrorMessage = "Enter the street address.")]
    [StringLength(100, ErrorMessage = "Keep each address line under 100 characters.")]
    [Display(Name = "Address line 1")]
    [PlainText(DirectionMarksAllowed = true)]
    public string? AddressLine1 { get; init; }

    [StringLength(100, ErrorMessage = "Keep each address line under 100 characters.")]
    [Display(Name = "Address line 2 (optional)")]
    [PlainText(DirectionMarksAllowed = true)]
    public string? AddressLine2 { get; init; }

    // Declared in the form's order: the error summary lists its messages so (_ErrorSummary).
    /// <summary>One of <see cref="CheckoutOptions.Countries"/>' codes.</summary>
    [Required(ErrorMessage = "Choose the country.")]
    public string? Country { get; init; }

    /// <summary>The state, province or territory: a code from the country's list where it has one (see <see cref="Addresses.AddressRules"/>).</summary>
    [StringLength(60, ErrorMessage = "Keep the region under 60 characters.")]
    [Display(Name = "State, province or territory")]
    [PlainText]
    public string? Region { get; init; }

    [Required(ErrorMessage = "Enter the town or city.")]
    [StringLength(60, ErrorMessage = "Keep the city under 60 characters.")]
    [PlainText(DirectionMarksAllowed = true)]
    public string? City { get; init; }

    /// <summary>Checked and spelled per country by <see cref="Addresses.AddressRules"/> (optional where the country has none).</summary>
    [StringLength(20, ErrorMessage = "Enter the postal code (up to 12 letters and digits).")]
    [Display(Name = "Postal code or ZIP")]
    [PlainText]
    public string? PostalCode { get; init; }

    [Required(ErrorMessage = "Enter a phone number for the courier.")]
    [PhoneNumber]
    public string? Phone { get; init; }

    /// <summary>One of <see cref="CheckoutOptions.ShippingMethods"/>' codes.</summary>
    [Required(ErrorMessage = "Choose a delivery option.")]
    [Display(Name = "Delivery")]
    public string? ShippingMethod { get; init; }

    /// <summary>The <see cref="IPaymentGateway.Method"/> of a registered gateway; the card fields count only for one that needs a card.</summary>
    [Required(ErrorMessage = "Choose how to pay.")]
    [Display(Name = "Payment")]
    public string? PaymentMethod { get; init; }

    [Display(Name = "Card number")]
    [StringLength(30)]
    public string? CardNumber { get; init; }

    /// <summary>MM/YY or MM/YYYY.</summary>
    [Display(Name = "Expiry (MM/YY)")]
    [StringLength(7, ErrorMessage = "Enter the expiry date as MM/YY.")]
    public string? CardExpiry { get; init; }

    [Display(Name = "Security code")]
    [StringLength(4, ErrorMessage = "Enter the 3 or 4 digits on the back of the card.")]
    public string? CardCvc { get; init; }

    [Display(Name = "Name on card")]
    [StringLength(100, ErrorMessage = "Keep the name on the card under 100 characters.")]
    [PlainText]
    public string? CardName { get; init; }

    /// <summary>The form's one-time key: the same key again finds the order it placed instead of placing another.</summary>
    [Required]
    [StringLength(64)]
    public string? IdempotencyKey { get; init; }

    /// <summary>The subtotal the shopper saw; if current prices give another, nothing is placed.</summary>
    public long QuotedSubtotalCents { get; init; }

    /// <summary>The cart's lines the page showed (<see cref="Cart.CartView.LinesKey"/>), when it sends them; other lines now mean the shopper checks again.</summary>
    [StringLength(64)]
    public string? QuotedLines { get; init; }

    /// <summary>The tax the page showed for the address it showed, when it showed one; another figure now means the shopper checks again.</summary>
    public long? QuotedTaxCents { get; init; }

    /// <summary>
    /// Set by the checkout page, never posted: its form shows the tax once the address settles it, so no tax shown
    /// (<see cref="QuotedTaxCents"/> null, "Worked out from your address") means the shopper agreed to a total without
    /// any, and an address that adds tax is sent back with the new total rather than charged it.
    /// </summary>
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public bool ShowsTax { get; init; }

    /// <summary>
    /// Set by the API from its body, never posted: the total with shipping and tax an app showed (from its quote); another
    /// total now, for this address and delivery, means the shopper checks again.
    /// </summary>
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public long? QuotedTotalCents { get; init; }
}
