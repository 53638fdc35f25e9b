using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebApp.Accounts;
using WebApp.Addresses;
using WebApp.Cart;
using WebApp.Catalog;
using WebApp.Checkout;
using WebApp.Data;
using WebApp.Mail;
using WebApp.Orders;
using WebApp.Security;
using WebApp.Tax;

namespace WebApp.Api;

/// <summary>
/// The signed-in shopper's orders. Placing one is the checkout page's <see cref="PlaceOrder"/> (through
/// <see cref="IdempotentCheckout"/> for the key), each of its answers turned into a status; cancelling is
/// <see cref="OrderWorkflow"/>'s, under <see cref="OrderStatusRules"/>.
/// </summary>
public static class OrdersApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int DefaultPageSize = 20;

    public sealed record OrderSummary(int Id, DateTime PlacedAt, OrderStatus Status, long TotalCents, string Total, int Items, string Url);

    public sealed record OrderList(IReadOnlyList<OrderSummary> Items, int Total, int Page, int PageSize, Paging.Links Links);

    public sealed record OrderLineItem(int ProductId, string Sku, string Name, long UnitPriceCents, int Quantity, long LineTotalCents);

    public sealed record OrderEvent(OrderStatus Status, DateTime At, string Note);

    public sealed record OrderDetails(int Id, OrderStatus Status, DateTime PlacedAt, bool CanCancel,
        string FullName, string AddressLine1, string? AddressLine2, string City, string? Region, string PostalCode, string Country, string Phone,
        string ShippingMethod, string PaymentMethod, string? PaymentSummary, string? Carrier, string? TrackingNumber,
        long SubtotalCents, long ShippingCents, long TaxCents, long TotalCents, string Total,
        IReadOnlyList<OrderLineItem> Lines, IReadOnlyList<OrderEvent> History, string? PaymentMethodCode, string? ShippingMethodCode,
        long? RefundedCents, DateTime? RefundedAt, QuoteTax? Tax = null);

    /// <summary>What an order body may say: the countries shipped to (with their regions and postal code rules), the delivery options and the ways to pay, by code.</summary>
    public sealed record CheckoutChoices(string Currency, IReadOnlyList<CountryChoice> Countries, IReadOnlyList<ShippingChoice> ShippingMethods, IReadOnlyList<PaymentChoice> PaymentMethods);

    public sealed record CountryChoice(string Code, string Name, string PostalCodeLabel, bool PostalCodeRequired, string PostalCodeExample, string? RegionLabel, IReadOnlyList<WebApp.Addresses.Region> Regions);

    public sealed record ShippingChoice(string Code, string Name, long PriceCents, string Price, string Delivery);

    public sealed record PaymentChoice(string Code, string Name, bool NeedsCard);

    /// <summary>Where an order would go and how: enough to work out its shipping and tax (POST /api/v1/checkout/quote).</summary>
    public sealed record QuoteBody(string? Country, string? Region, string? ShippingMethod);

    /// <summary>
    /// The cart's lines and totals for a destination and delivery option, as the checkout page shows them: show the
    /// shopper these <c>items</c> and figures, then send <c>totalCents</c> and <c>linesKey</c> as the order body's
    /// <c>quotedTotalCents</c> and <c>quotedLines</c>. <c>tax</c> is null where no tax applies; <c>tax.included</c>: the
    /// prices already hold it, and it adds nothing to the total.
    /// </summary>
    // The lines are here, not only their count: an app drawing the cart it read before the quote agreed, through the
    // quote's key, to lines another device had swapped in meanwhile (session 49's second review).
    public sealed record CheckoutQuote(string ShippingMethod, IReadOnlyList<CartApi.CartLineItem> Items, int Count, long SubtotalCents, long ShippingCents,
        QuoteTax? Tax, long TaxCents, long TotalCents, string Total, bool CanCheckOut, string LinesKey);

    public sealed record QuoteTax(string Name, string Label, int RateBasisPoints, long Cents, bool Included);

    /// <summary>
    /// A 409 answering an order, as application/problem+json: <c>code</c> says what to do. out-of-stock and not-sold carry
    /// <c>lines</c> (each with what is left and why); prices-changed, total-changed and cart-changed carry the new figures
    /// and <c>linesKey</c>, to show the shopper and send back; empty-cart and use-new-key carry neither.
    /// </summary>
    // Described in prose only until session 50: the document typed every 409 as a plain problem, so a generated client
    // had no figures or lines to read.
    public sealed record OrderConflict(string Type, string Title, int Status, string Detail, string Code,
        long? SubtotalCents = null, long? ShippingCents = null, long? TaxCents = null, QuoteTax? Tax = null, long? TotalCents = null, string? LinesKey = null,
        IReadOnlyList<ConflictLine>? Lines = null);

    /// <summary>A line an order could not be served: <c>available</c> is what is left; <c>sold</c> false: the store no longer sells it.</summary>
    public sealed record ConflictLine(int ProductId, string Name, int Requested, int Available, bool Sold, string Message);

    /// <summary>
    /// The checkout form as JSON. <c>quotedSubtotalCents</c> is the cart's <c>subtotalCents</c> the shopper agreed to: if
    /// prices moved since, nothing is placed (409 with the new figures). <c>quotedTotalCents</c>, from POST
    /// /api/v1/checkout/quote, is the total with shipping and tax the shopper was shown: if the order's total for this
    /// address is another, nothing is placed (409 total-changed with the figures). <c>quotedLines</c>, the quote's
    /// <c>linesKey</c> (show the shopper its <c>items</c>), agrees to the lines and their prices: if the cart holds others
    /// now (another device changed it, even to the same total), nothing is placed (409 cart-changed or prices-changed). Card fields only for "card". <c>region</c> is the
    /// state, province or territory where the country has them (US, CA, AU: its code, such as "CA" or "ON"). The codes
    /// for country, region, shippingMethod and paymentMethod are listed by GET /api/v1/checkout/options, in any letter case.
    /// </summary>
    // Plain words only: the document showed a cref as "long? PlaceOrderBody.QuotedSubtotalCents" (session 45). The
    // region was refused as an unknown field, so no order could be sent to the US, Canada or Australia.
    public sealed record PlaceOrderBody(string? FullName, string? AddressLine1, string? AddressLine2, string? City, string? Region, string? PostalCode,
        string? Country, string? Phone, string? ShippingMethod, string? PaymentMethod, long? QuotedSubtotalCents,
        string? CardNumber, string? CardExpiry, string? CardCvc, string? CardName, long? QuotedTotalCents = null, string? QuotedLines = null);

    public static void Map(RouteGroupBuilder api)
    {
        // An app had no way to learn the codes an order body takes ("standard", "cod", "GB") but the README; and the
        // order answered its way to pay by name only ("Pay on delivery"), not by the code it was sent as (session 45).
        api.MapGet("/checkout/options", (IOptions<CheckoutOptions> options, IEnumerable<IPaymentGateway> gateways, HttpContext http) =>
            {
                // The store's configuration: the same for everyone, and changed only by a restart.
                http.Response.Headers.CacheControl = "public, max-age=300";
                return TypedResults.Ok(Choices(options.Value, gateways));
            })
            .WithTags("Orders")
            .WithSummary("The countries, delivery options and ways to pay an order body may name, by code")
            .Produces<CheckoutChoices>();
        // An app could not show the tax an order would be charged before placing it: the body agreed to the subtotal only
        // (left as found in session 48). The page works its totals out from the address as it is typed; this is that.
        api.MapPost("/checkout/quote", QuoteAsync)
            .WithTags("Orders")
            .Private()
            .ForEitherShopper()
            .WithSummary("The cart's shipping, tax and total for a country, region and delivery option; send its totalCents and linesKey as an order's quotedTotalCents and quotedLines")
            .Accepts<QuoteBody>("application/json")
            .Produces<CheckoutQuote>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        var orders = api.MapGroup("/orders").WithTags("Orders").RequireAuthorization(ApiServices.SignedIn).Private()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        orders.MapGet("/", ListAsync)
            .WithSummary("Your orders, newest first (pageSize 1 to 100, default 20)")
            .Produces<OrderList>()
            .ProducesValidationProblem();
        orders.MapGet("/{id:int}", async (int id, HttpContext http, StoreDbContext db, OrderWorkflow workflow, CancellationToken ct) =>
                await DetailsAsync(db, workflow, Checkout(http), id, UserId(http), ct) is { } order ? TypedResults.Ok(order) : ApiProblems.NotFound("You have no order with that number."))
            .WithSummary("One of your orders (anyone else's is a 404, like one that does not exist)")
            .Produces<OrderDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/", PlaceAsync)
            .RequireRateLimiting(RateLimits.Checkout)
            .WithSummary("Place an order from the cart (requires an Idempotency-Key header)")
            .WithDescription("The checkout page's rules. The same Idempotency-Key with the same body returns the same order (200, Idempotent-Replayed: true); with a different body it is a 422. A key whose request was refused before payment (400, 409) can be used again; after a declined payment (402) use a new key.")
            .Accepts<PlaceOrderBody>("application/json")
            .Produces<OrderDetails>(StatusCodes.Status201Created)
            .Produces<OrderDetails>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .Produces<OrderConflict>(StatusCodes.Status409Conflict, "application/problem+json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orders.MapPost("/{id:int}/cancel", CancelAsync)
            .WithSummary("Cancel an order paid on delivery that has not shipped (canCancel says so); its stock goes back. A card order is cancelled by the store")
            .Produces<OrderDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static string UserId(HttpContext http) => CurrentShopper.UserIdOf(http.User)!;

    private static async Task<IResult> ListAsync(HttpContext http, StoreDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(http.Request.Query, DefaultPageSize, 100, int.MaxValue / 100, errors);
        if (paging is null) return ApiProblems.Invalid(errors, "Check the paging parameters.");
        var userId = UserId(http);
        var mine = db.Orders.AsNoTracking().Where(o => o.UserId == userId);
        var total = await mine.CountAsync(ct);
        var rows = await mine.OrderByDescending(o => o.Id)
            .Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize)
            .Select(o => new { o.Id, o.PlacedAt, o.Status, o.TotalCents, Items = o.Lines.Sum(l => l.Quantity) })
            .ToListAsync(ct);
        var items = rows.Select(o => new OrderSummary(o.Id, o.PlacedAt, o.Status, o.TotalCents, Money.Format(o.TotalCents), o.Items, $"{ApiProblems.Root}/orders/{o.Id}")).ToList();
        return TypedResults.Ok(new OrderList(items, total, paging.Page, paging.PageSize, paging.LinkAll(http, total, int.MaxValue / 100)));
    }

    private static PlaceOrderRequest Request(PlaceOrderBody body, long quoted) => new()
    {
        FullName = body.FullName, AddressLine1 = body.AddressLine1, AddressLine2 = body.AddressLine2, City = body.City, Region = body.Region,
        PostalCode = body.PostalCode, Country = body.Country, Phone = body.Phone, ShippingMethod = body.ShippingMethod,
        PaymentMethod = body.PaymentMethod, CardNumber = body.CardNumber, CardExpiry = body.CardExpiry, CardCvc = body.CardCvc,
        CardName = body.CardName, QuotedSubtotalCents = quoted, QuotedTotalCents = body.QuotedTotalCents, QuotedLines = body.QuotedLines,
    };

    private static async Task<IResult> PlaceAsync(HttpContext http, IdempotentCheckout checkout, OrderWorkflow workflow, MailLinks links, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        var keys = http.Request.Headers[IdempotencyHeader];
        // Two headers were joined into one key "k1,k2", and a comma list taken as a key (session 53's review): which
        // one the client meant to retry with is anyone's guess.
        if (keys.Count > 1 || keys.ToString().Contains(',', StringComparison.Ordinal))
        {
            return ApiProblems.Invalid(IdempotencyHeader, $"Send one {IdempotencyHeader} header with one key (no commas): it was sent {(keys.Count > 1 ? $"{keys.Count} times" : "as a list")}.");
        }
        var key = keys.ToString();
        if (key.Length is 0 or > ApiIdempotencyKey.KeyMaxLength || !key.All(c => c is > ' ' and <= '~'))
        {
            return ApiProblems.Invalid(IdempotencyHeader, $"Send an {IdempotencyHeader} header: 1 to {ApiIdempotencyKey.KeyMaxLength} visible ASCII characters, new for each order (a UUID is fine).");
        }
        var (body, problem) = await ApiJson.ReadAsync<PlaceOrderBody>(http);
        if (problem is not null) return problem;
        // A negative amount is no price the store ever showed: it was a 409 prices-changed, as if a price had moved
        // (session 53's review).
        var negative = new Dictionary<string, string[]>();
        if (body!.QuotedSubtotalCents < 0) negative["quotedSubtotalCents"] = ["Send the cart's subtotalCents the shopper agreed to: zero or more."];
        if (body.QuotedTotalCents < 0) negative["quotedTotalCents"] = ["Send the quote's totalCents the shopper agreed to: zero or more."];
        if (negative.Count > 0) return ApiProblems.Invalid(negative);
        if (body.QuotedSubtotalCents is not { } quoted)
        {
            // Said with every other field to fix, as the order would check them: it was answered alone (session 51's fourth review).
            var fields = http.RequestServices.GetRequiredService<PlaceOrder>().FieldErrors(CartOwner.Account(UserId(http)), Request(body, 0) with { IdempotencyKey = key })
                .ToDictionary(e => ApiProblems.FieldName(e.Key), e => e.Value);
            fields["quotedSubtotalCents"] = ["Send the cart's subtotalCents the shopper agreed to."];
            return ApiProblems.Invalid(fields);
        }
        var countryCode = http.RequestServices.GetRequiredService<IOptions<CheckoutOptions>>().Value.CountryCoded(body.Country)?.Code;
        if (RegionNotWanted(countryCode, body.Region) is { } notWanted) return ApiProblems.Invalid("region", notWanted);

        // The card's number is hashed by its last four digits only and its security code not at all: no card data at rest.
        var hashed = body with { CardNumber = body.CardNumber is { Length: >= 4 } n ? n[^4..] : body.CardNumber, CardCvc = null };
        var bodyHash = IdempotentCheckout.Hash(JsonSerializer.SerializeToUtf8Bytes(hashed, json.Value.SerializerOptions));
        var request = Request(body, quoted);

        var userId = UserId(http);
        var db = http.RequestServices.GetRequiredService<StoreDbContext>();
        switch (await checkout.PlaceAsync(userId, key, bodyHash, request, links.Link(http.Request, ""), ct))
        {
            case null:
                return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity,
                    $"This {IdempotencyHeader} was already used with a different body. Use a new key for a new order.", "Idempotency key reused", code: "key-reused");
            case PlaceOrderResult.Placed { Repeat: true } repeat:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Ok(await DetailsAsync(db, workflow, Checkout(http), repeat.OrderId, userId, ct));
            case PlaceOrderResult.Placed placed:
                return TypedResults.Created($"{ApiProblems.Root}/orders/{placed.OrderId}", await DetailsAsync(db, workflow, Checkout(http), placed.OrderId, userId, ct));
            case PlaceOrderResult.Invalid invalid:
                return ApiProblems.Invalid(invalid.Errors.ToDictionary(e => ApiProblems.FieldName(e.Key), e => e.Value));
            case PlaceOrderResult.UnknownShopper:
                return ApiProblems.Unauthorized("This account no longer exists: sign in again.");
            case PlaceOrderResult.EmptyCart:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "Your cart is empty: add something first.", "Empty cart", code: "empty-cart");
            case PlaceOrderResult.OutOfStock outOfStock:
                // A product the store stopped selling was answered "Not enough in stock", as if a lower quantity would
                // do (left as found in session 48): each line now says which it is.
                return outOfStock.Lines.All(l => !l.Sold)
                    ? ApiProblems.Problem(StatusCodes.Status409Conflict, "Some products in the cart are no longer sold: remove them (see lines) and send the order again.", "No longer sold", code: "not-sold", extensions: ShortLines(outOfStock))
                    : ApiProblems.Problem(StatusCodes.Status409Conflict, "Some lines cannot be served in full: lower their quantity or remove them (see lines).", "Not enough in stock", code: "out-of-stock", extensions: ShortLines(outOfStock));
            // An app quoted one cart and another device changed it to other lines at the same total: the total agreed,
            // the goods not (session 49's review placed and charged such an order).
            case PlaceOrderResult.PricesChanged { LinesChanged: true } changed:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "The cart's lines are not the ones quotedLines names (a product or a quantity changed since, perhaps on another device): show the shopper the cart again (a new quote) and send its figures and linesKey.", "Cart changed", code: "cart-changed", extensions: Figures(changed.Quote));
            case PlaceOrderResult.PricesChanged changed:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "The cart's prices are not the ones you sent (a price changed since): show the shopper the new figures (a new quote) and send them with its linesKey.", "Prices changed", code: "prices-changed", extensions: Figures(changed.Quote));
            case PlaceOrderResult.TaxChanged changed:
                return ApiProblems.Problem(StatusCodes.Status409Conflict,
                    $"This order's total for that address and delivery is {Money.Format(changed.Quote.TotalCents)}, not the quotedTotalCents sent ({Money.Format(body.QuotedTotalCents ?? 0)}): show the shopper the new figures and send them.",
                    "Total changed", code: "total-changed", extensions: Figures(changed.Quote));
            case PlaceOrderResult.Declined declined:
                return ApiProblems.Problem(StatusCodes.Status402PaymentRequired, declined.Message + " Nothing was placed; try again with a new Idempotency-Key.", "Payment declined", code: "payment-declined");
            case PlaceOrderResult.FormExpired:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "This order could not be placed with that key: send it again with a new Idempotency-Key.", "Use a new key", code: "use-new-key");
            case var other:
                throw new System.Diagnostics.UnreachableException($"No answer for {other}.");
        }
    }

    private static async Task<IResult> QuoteAsync(HttpContext http, CartService carts, CurrentShopper shopper, IOptions<CheckoutOptions> options, TaxRates taxes, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<QuoteBody>(http);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, string[]>();
        var country = options.Value.CountryCoded(body!.Country);
        if (country is null) errors["country"] = [string.IsNullOrWhiteSpace(body.Country) ? "Send the country's code." : "We do not ship to that country; GET /api/v1/checkout/options lists them."];
        string? region = null;
        if (country is not null && AddressRules.For(country.Code) is { HasRegionList: true } rule)
        {
            region = rule.FindRegion(body.Region)?.Code;
            if (region is null) errors["region"] = [string.IsNullOrWhiteSpace(body.Region) ? $"Send the {rule.RegionLabel.ToLowerInvariant()}'s code: its tax depends on it." : $"That is not a {rule.RegionLabel.ToLowerInvariant()} of {rule.InSentence}; GET /api/v1/checkout/options lists them."];
        }
        if (RegionNotWanted(country?.Code, body.Region) is { } notWanted) errors["region"] = [notWanted];
        var shipping = string.IsNullOrWhiteSpace(body.ShippingMethod) ? options.Value.ShippingMethods[0] : options.Value.Shipping(body.ShippingMethod);
        if (shipping is null) errors["shippingMethod"] = ["Choose one of the delivery options GET /api/v1/checkout/options lists."];
        if (errors.Count > 0) return ApiProblems.Invalid(errors);

        var cart = await carts.LoadAsync(shopper.CartOwner, ct);
        // Nothing to deliver: a quote of the delivery alone read as "$4.99" for an empty cart (session 49's review).
        if (cart.Items.Count == 0) return ApiProblems.Problem(StatusCodes.Status409Conflict, "Your cart is empty: add something first.", "Empty cart", code: "empty-cart");
        var quote = Quote.For(cart, shipping!, taxes, country!.Code, region);
        return TypedResults.Ok(new CheckoutQuote(shipping!.Code, CartApi.Lines(cart), cart.Count, quote.SubtotalCents, quote.ShippingCents, TaxOf(quote), quote.TaxCents,
            quote.TotalCents, Money.Format(quote.TotalCents), cart.CanCheckOut, cart.LinesKey));
    }

    // A region sent for a country whose addresses have none (GB) was dropped without a word, by the quote and the order
    // (left as found in session 49). The page's form may post a stale state's code after the country changed, and keeps
    // dropping it; an app's body says what it means.
    private static string? RegionNotWanted(string? country, string? region) =>
        !string.IsNullOrWhiteSpace(region) && country is not null && AddressRules.For(country) is { RegionLabel.Length: 0 } rule
            ? $"Addresses in {rule.InSentence} have no region: leave region out." : null;

    /// <summary>What a 409 about the figures carries: the new ones, the tax's name and rate, and the lines' new key.</summary>
    private static Dictionary<string, object?> Figures(Quote quote) => new()
    {
        ["subtotalCents"] = quote.SubtotalCents, ["shippingCents"] = quote.ShippingCents, ["taxCents"] = quote.TaxCents, ["tax"] = TaxOf(quote),
        ["totalCents"] = quote.TotalCents, ["linesKey"] = quote.Cart.LinesKey,
    };

    private static QuoteTax? TaxOf(Quote quote) => TaxOf(quote.Tax);

    private static QuoteTax? TaxOf(TaxLine? tax) =>
        tax is null ? null : new QuoteTax(tax.Name, TaxWording.LineLabel(tax), tax.BasisPoints, tax.Cents, tax.Included);

    private static Dictionary<string, object?> ShortLines(PlaceOrderResult.OutOfStock outOfStock) => new()
    {
        ["lines"] = outOfStock.Lines.Select(l => new ConflictLine(l.ProductId, l.Name, l.Requested, l.Available, l.Sold, l.Message)).ToList(),
    };

    private static async Task<IResult> CancelAsync(int id, HttpContext http, StoreDbContext db, OrderWorkflow workflow, CancellationToken ct)
    {
        var userId = UserId(http);
        if (!await db.Orders.AnyAsync(o => o.Id == id && o.UserId == userId, ct)) return ApiProblems.NotFound("You have no order with that number.");
        var problem = await workflow.MoveAsync(id, OrderStatus.Cancelled, "Cancelled by the customer", userId, ct);
        if (problem is not null) return ApiProblems.Problem(StatusCodes.Status409Conflict, problem, "Cannot cancel", code: "cannot-cancel");
        db.ChangeTracker.Clear();
        return TypedResults.Ok(await DetailsAsync(db, workflow, Checkout(http), id, userId, ct));
    }

    private static async Task<OrderDetails?> DetailsAsync(StoreDbContext db, OrderWorkflow workflow, CheckoutOptions checkout, int id, string userId, CancellationToken ct)
    {
        var o = await db.Orders.AsNoTracking().AsSplitQuery()
            .Include(o => o.Lines.OrderBy(l => l.Id))
            .Include(o => o.History.OrderBy(h => h.Id))
            .FirstOrDefaultAsync(o => o.Id == id && o.UserId == userId, ct);
        return o is null ? null : new OrderDetails(o.Id, o.Status, o.PlacedAt, workflow.CustomerCanCancel(o.Status, o.PaymentMethod),
            o.FullName, o.AddressLine1, o.AddressLine2, o.City, o.Region, o.PostalCode, o.Country, o.Phone,
            o.ShippingMethod, o.PaymentMethod, o.PaymentSummary, o.Carrier, o.TrackingNumber,
            o.SubtotalCents, o.ShippingCents, o.TaxCents, o.TotalCents, Money.Format(o.TotalCents),
            [.. o.Lines.Select(l => new OrderLineItem(l.ProductId, l.Sku, l.Name, l.UnitPriceCents, l.Quantity, l.LineTotalCents))],
            [.. o.History.Select(h => new OrderEvent(h.Status, h.At, h.Note))],
            workflow.PaymentMethodCodeOf(o.PaymentMethod),
            o.ShippingMethodCode ?? checkout.ShippingMethods.FirstOrDefault(m => m.Name == o.ShippingMethod)?.Code,
            o.RefundReference is null ? null : o.RefundedCents, o.RefundReference is null ? null : o.RefundedAt,
            // The tax's name and rate as the order recorded them, as a quote gives them: an app's receipt had taxCents
            // alone and could not print "Sales tax (7.25 %)" (session 49's second review).
            TaxOf(o.Tax));
    }

    private static CheckoutChoices Choices(CheckoutOptions options, IEnumerable<IPaymentGateway> gateways) => new(
        options.Currency,
        [.. options.Countries.Select(CountryChoiceOf)],
        [.. options.ShippingMethods.Select(m => new ShippingChoice(m.Code, m.Name, m.PriceCents, Money.Format(m.PriceCents), m.Delivery))],
        [.. gateways.Select(g => new PaymentChoice(g.Method, g.DisplayName, g.NeedsCard))]);

    private static CheckoutOptions Checkout(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<CheckoutOptions>>().Value;

    private static CountryChoice CountryChoiceOf(Country country)
    {
        var rule = WebApp.Addresses.AddressRules.For(country.Code);
        return new(country.Code, country.Name, rule.PostalCodeLabel, rule.PostalCodeRequired, rule.Example,
            rule.HasRegionList ? rule.RegionLabel : null, rule.Regions ?? []);
    }
}
