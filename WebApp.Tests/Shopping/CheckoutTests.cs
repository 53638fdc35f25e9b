using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Checkout;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Shopping;

public sealed class CheckoutTests(ShopStore store) : IClassFixture<ShopStore>
{
    [Fact]
    public async Task A_stranger_may_check_out_as_a_guest_or_sign_in_and_the_cart_survives()
    {
        await store.SetProductAsync(20, stock: 10);
        var email = ShopStore.NewEmail("stranger");
        await store.CreateUserAsync(email);
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 20, "2");

        var guest = await client.GetDocumentAsync("/checkout");
        Assert.Equal("/checkout", new Uri(guest.Url).AbsolutePath);
        Assert.NotNull(guest.QuerySelector("[data-testid=guest-contact] input[name='Input.Email']"));
        Assert.Equal("/account/login?returnUrl=%2Fcheckout", guest.QuerySelector("[data-testid=guest-contact] a")!.GetAttribute("href"));

        var checkout = await Html.GetDocumentAsync(await StoreFactory.Login(client, email, StoreFactory.Password, returnUrl: "/checkout"));
        Assert.Equal("/checkout", new Uri(checkout.Url).AbsolutePath);
        Assert.Null(checkout.QuerySelector("[data-testid=guest-contact]"));
        Assert.Contains("2 ×", checkout.QuerySelector("[data-testid=review-line]")!.TextContent, StringComparison.Ordinal);
    }

    private static readonly string[] s_fields = ["Email", "FullName", "AddressLine1", "AddressLine2", "Country", "Region", "City", "PostalCode", "Phone", "CardNumber", "CardExpiry", "CardCvc", "CardName"];

    [Fact]
    public async Task A_refused_checkouts_messages_are_listed_in_the_forms_order()
    {
        // Without script the summary read "town, email, phone, state, security code, name on card, recipient..." (the
        // model state's own order; session 52's outside review); each links to its field, so the list is the page's order.
        await store.SetProductAsync(21, stock: 10);
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 21);
        var page = await client.GetDocumentAsync("/checkout");
        var card = ((IHtmlInputElement)page.QuerySelector("input[name='Input.PaymentMethod']:not([value=cod])")!).Value;
        var empty = s_fields.ToDictionary(f => "Input." + f, _ => "");
        empty["Input.PaymentMethod"] = card;
        var refused = await Html.GetDocumentAsync(await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("form[data-testid=checkout-form]")!, empty));

        var targets = refused.QuerySelectorAll("[data-testid=checkout-errors] li a").Select(a => a.GetAttribute("href")!.TrimStart('#')).ToList();
        Assert.True(targets.Count >= 8, string.Join(", ", targets));
        var all = refused.QuerySelectorAll("[id]").Select(e => e.Id).ToList();
        var positions = targets.Select(id => all.IndexOf(id)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task An_empty_cart_goes_back_to_the_cart_page()
    {
        var client = await store.SignedInClientAsync(ShopStore.NewEmail("empty"));
        var page = await client.GetDocumentAsync("/checkout");
        Assert.Equal("/cart", new Uri(page.Url).AbsolutePath);
        Assert.Contains("empty", page.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.QuotedSubtotalCents", "abc")]
    [InlineData("Input.QuotedTaxCents", "1e9999")]
    [InlineData("Input.IdempotencyKey", "")]
    [InlineData("Input.QuotedLines", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-")]
    public async Task A_hidden_field_altered_by_hand_shows_the_form_again_as_expired_with_a_new_key(string field, string value)
    {
        // The page said nothing, or "The value 'abc' is not valid for QuotedSubtotalCents" (an outside review, session 44).
        await store.SetProductAsync(35, stock: 10);
        var email = ShopStore.NewEmail("hidden");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 35);
        var request = await ShopStore.CheckoutRequestAsync(client, ShopStore.PayOnDelivery());
        var body = System.Text.RegularExpressions.Regex.Replace(await request.Content!.ReadAsStringAsync(), System.Text.RegularExpressions.Regex.Escape(Uri.EscapeDataString(field)) + "=[^&]*", Uri.EscapeDataString(field) + "=" + Uri.EscapeDataString(value));
        var key = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync())["Input.IdempotencyKey"].ToString();

        var response = await client.PostAsync("/checkout", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        Assert.Equal("This checkout form had expired. Check the details and place the order again.", page.QuerySelector("[data-testid=checkout-errors] li")!.TextContent.Trim());
        Assert.Single(page.QuerySelectorAll("[data-testid=checkout-errors] li"));
        Assert.NotEqual(key, ((IHtmlInputElement)page.QuerySelector("input[name='Input.IdempotencyKey']")!).Value);
        Assert.Empty(await store.OrdersOfAsync(email));
        // The form shown again places the order.
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("form[data-testid=checkout-form]")!)).StatusCode);
        Assert.Single(await store.OrdersOfAsync(email));
    }

    [Fact]
    public async Task Names_and_addresses_written_right_to_left_keep_their_direction_marks_and_overrides_are_still_refused()
    {
        // "רחוב הרצל 12\u200F" and "محمد\u200F علي" were refused as text-direction characters (a second outside review,
        // session 48): marks reorder nothing on their own, and text copied from Hebrew or Arabic pages carries them.
        await store.SetProductAsync(38, stock: 10);
        var email = ShopStore.NewEmail("rtl");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 38);
        var overridden = ShopStore.PayOnDelivery();
        overridden["Input.FullName"] = "محمد \u202Eعلي";
        var refused = await Html.GetDocumentAsync(await ShopStore.CheckoutAsync(client, overridden));
        Assert.Contains("text-direction", refused.QuerySelector("[data-valmsg-for='Input.FullName']")!.TextContent, StringComparison.Ordinal);
        var values = ShopStore.PayOnDelivery();
        values["Input.FullName"] = "محمد\u200F علي";
        values["Input.AddressLine1"] = "רחוב הרצל 12\u200F";
        values["Input.City"] = "דוד Cohen\u200E";

        ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(client, values));

        var order = Assert.Single(await store.OrdersOfAsync(email));
        Assert.Equal(("محمد\u200F علي", "רחוב הרצל 12\u200F"), (order.FullName, order.AddressLine1));
    }

    [Fact]
    public async Task Other_lines_at_the_same_subtotal_from_a_second_tab_are_shown_before_they_are_ordered()
    {
        // A second tab swapped the product for another at the same price, and the first tab's "Place order" ordered it
        // (an outside review, session 48).
        await store.SetProductAsync(36, stock: 10, priceCents: 3_499);
        await store.SetProductAsync(37, stock: 10, priceCents: 3_499);
        var email = ShopStore.NewEmail("twotabs");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 36);
        var firstTab = await ShopStore.CheckoutRequestAsync(client, ShopStore.PayOnDelivery());
        var cart = await client.GetDocumentAsync("/cart");
        await client.SubmitAsync((IHtmlFormElement)cart.QuerySelector("tr[data-product-id='36'] form[action*='handler=Remove']")!);
        await ShopStore.AddToCartAsync(client, 37);

        var page = await Html.GetDocumentAsync(await client.SendAsync(firstTab));

        Assert.Contains("Your cart changed in another tab or window", page.QuerySelector("[data-testid=checkout-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await store.OrdersOfAsync(email));
        Assert.Contains("/products/37", page.QuerySelector("[data-testid=review-line] a")!.GetAttribute("href"), StringComparison.Ordinal);
        var placed = await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("form[data-testid=checkout-form]")!);
        var order = Assert.Single(await store.OrdersOfAsync(email));
        Assert.Equal(37, Assert.Single(order.Lines).ProductId);
        Assert.Equal(order.Id, ShopStore.OrderIdOf(placed));
    }

    [Fact]
    public async Task A_guests_email_left_in_a_signed_in_checkout_is_not_read()
    {
        // A guest's form sent after signing in in another tab carries "Input.Email": a bad one refused the order with its
        // message on a field the signed-in form does not show, so nothing happened (an outside review, session 44).
        await store.SetProductAsync(34, stock: 10);
        var email = ShopStore.NewEmail("lefttab");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 34);
        var request = await ShopStore.CheckoutRequestAsync(client, ShopStore.PayOnDelivery());
        var body = await request.Content!.ReadAsStringAsync() + "&Input.Email=not-an-email";

        var response = await client.PostAsync("/checkout", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        var orderId = ShopStore.OrderIdOf(response);
        Assert.Equal(orderId, Assert.Single(await store.OrdersOfAsync(email)).Id);
        Assert.Equal(1, store.MailCount(email));
    }

    [Fact]
    public async Task Paying_by_test_card_places_a_paid_order_with_server_totals_and_mails_a_confirmation()
    {
        await store.SetProductAsync(21, stock: 10, priceCents: 1_999);
        await store.SetProductAsync(22, stock: 10, priceCents: 10_000);
        var email = ShopStore.NewEmail("card");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 21, "3");
        await ShopStore.AddToCartAsync(client, 22, "1");

        var response = await ShopStore.CheckoutAsync(client, ShopStore.TestCard());

        var orderId = ShopStore.OrderIdOf(response);
        var page = await Html.GetDocumentAsync(response);
        Assert.Contains($"Order #{orderId} is placed", page.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Paid", page.QuerySelector("[data-testid=order-status]")!.TextContent);
        // 3 x 19.99 + 100.00 = 159.97; UK VAT 20 % on the goods = 31.99 (31.994 rounded); standard shipping 4.99.
        Assert.Equal("$159.97", page.QuerySelector("[data-testid=order-subtotal]")!.TextContent);
        Assert.Equal("$4.99", page.QuerySelector("[data-testid=order-shipping]")!.TextContent);
        Assert.Equal("$31.99", page.QuerySelector("[data-testid=order-tax]")!.TextContent);
        Assert.Equal("$196.95", page.QuerySelector("[data-testid=order-total]")!.TextContent);
        Assert.Contains("Visa ending 4242", page.QuerySelector("[data-testid=order-payment]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Ada Lovelace", page.QuerySelector("[data-testid=order-address]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=order-history] li").Length);

        Assert.Equal(7, (await store.ProductAsync(21)).Stock);
        Assert.Equal(9, (await store.ProductAsync(22)).Stock);
        Assert.Equal(0, await ShopStore.HeaderCountAsync(client));
        Assert.Equal(1, store.MailCount(email));
        Assert.Contains($"/orders/{orderId}", store.MailLink(email, $"/orders/{orderId}"), StringComparison.Ordinal);

        var order = Assert.Single(await store.OrdersOfAsync(email));
        Assert.Equal([1_999, 10_000], order.Lines.OrderBy(l => l.ProductId).Select(l => l.UnitPriceCents));
    }

    [Fact]
    public async Task Product_tiles_show_stock_and_price_as_they_are_after_an_order_even_from_a_cached_search()
    {
        await store.SetProductAsync(33, stock: 10, priceCents: 3_000);
        // Changes of earlier tests rebuild the spelling vocabulary 2 s later, and new words start a new catalogue version
        // (every cached search goes): landing between the two searches below, it made the second a miss (seen once in
        // CI, session 50). Caught up first, nothing is pending.
        await store.Services.GetRequiredService<WebApp.Search.SpellingVocabulary>().CatchUpAsync();
        string category;
        using (var scope = store.Services.CreateScope())
        {
            category = scope.ServiceProvider.GetRequiredService<WebApp.Data.StoreDbContext>().Products.Where(p => p.Id == 33).Select(p => p.Category!.Slug).Single();
        }
        var client = await store.SignedInClientAsync(ShopStore.NewEmail("tiles"));
        // A browse narrowed to its category and exact price, so the product is on the first page (a SKU search goes to the product page).
        var url = $"/search?category={category}&minPrice=30.00&maxPrice=30.01";
        string Tile(AngleSharp.Dom.IDocument page) => page.QuerySelector(".product-card:has(a[href^='/products/33/'])")!.TextContent;
        Assert.Contains("In stock", Tile(await client.GetDocumentAsync(url)), StringComparison.Ordinal);

        await ShopStore.AddToCartAsync(client, 33, "8");
        ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(client, ShopStore.TestCard()));

        var after = await client.GetAsync(url);
        Assert.Contains("hit", after.Headers.GetValues("Server-Timing").Single(), StringComparison.Ordinal);
        Assert.Contains("Only 2 left", Tile(await Html.GetDocumentAsync(after)), StringComparison.Ordinal);

        await store.SetProductAsync(33, stock: 2, priceCents: 2_500);
        Assert.Contains("$25.00", Tile(await client.GetDocumentAsync($"/search?category={category}&minPrice=25.00&maxPrice=25.01")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_lines_keep_the_price_they_were_sold_at()
    {
        await store.SetProductAsync(23, stock: 10, priceCents: 5_000);
        var email = ShopStore.NewEmail("snapshot");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 23, "1");
        var orderId = ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(client, ShopStore.TestCard()));

        await store.SetProductAsync(23, stock: 10, priceCents: 9_900);

        var page = await client.GetDocumentAsync($"/orders/{orderId}");
        Assert.Equal("$50.00", page.QuerySelector("[data-testid=order-subtotal]")!.TextContent);
    }

    [Fact]
    public async Task A_phone_number_written_with_dots_or_brackets_is_taken_as_typed()
    {
        await store.SetProductAsync(39, stock: 50);
        var email = ShopStore.NewEmail("dots");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 39);
        var values = ShopStore.PayOnDelivery();
        // Refused until session 50 ("digits, spaces and dashes"): dots are how many write a number.
        values["Input.Phone"] = "(555) 010.0100";

        ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(client, values));

        Assert.Equal("(555) 010.0100", Assert.Single(await store.OrdersOfAsync(email)).Phone);

        // Copied from a web page (a no-break space, an en dash) or typed with another script's digits: taken, and kept
        // as plain characters a courier's system reads (session 50's second review).
        await ShopStore.AddToCartAsync(client, 39);
        values["Input.Phone"] = "+1\u00A0555\u20130100 ";
        ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(client, values));
        await ShopStore.AddToCartAsync(client, 39);
        values["Input.Phone"] = "\u0665\u0665\u0665\u0660\u0661\u0660\u0660";
        ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(client, values));
        Assert.Equal(["(555) 010.0100", "+1 555-0100", "5550100"], (await store.OrdersOfAsync(email)).OrderBy(o => o.Id).Select(o => o.Phone));
    }

    [Theory]
    [InlineData("Input.FullName", "", "Enter the name")]
    [InlineData("Input.FullName", "This name is far too long to be anybody's real name on a parcel label, so the form says so clearly and stops", "under 100")]
    [InlineData("Input.AddressLine1", "", "street address")]
    // Invisible characters only: a packing slip read "Ship to [blank] [blank] [blank]" (an outside review, session 48).
    [InlineData("Input.FullName", "\u200b\u200b", "shows nothing when printed")]
    [InlineData("Input.AddressLine1", "\u2800", "shows nothing when printed")]
    [InlineData("Input.AddressLine2", "\u2060\uFEFF", "shows nothing when printed")]
    [InlineData("Input.City", "\u3164", "shows nothing when printed")]
    [InlineData("Input.City", "\u0301\u0301", "shows nothing when printed")]
    [InlineData("Input.AddressLine2", "A second address line that goes on and on and on, far beyond what any courier label has room for, really, truly, honestly", "under 100")]
    [InlineData("Input.City", "", "town or city")]
    [InlineData("Input.City", "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogochuchaf", "under 60")]
    [InlineData("Input.PostalCode", "", "Enter the postcode")]
    [InlineData("Input.PostalCode", "<script>", "it looks like SW1A 1AA")]
    [InlineData("Input.Phone", "", "phone number")]
    [InlineData("Input.Phone", "call me maybe", "Use digits, with spaces, dashes, dots or brackets")]
    // Told to use digits, spaces and dashes, which it did (an outside review, session 50).
    [InlineData("Input.Phone", "555", "This number has 3 digits: a phone number has at least 6")]
    [InlineData("Input.Phone", "+44 20 7946 0958 1234 5", "This number has 17 digits: a phone number has at most 15")]
    // Passed, or refused without saying why (session 50's second review).
    [InlineData("Input.Phone", "++1 555 0100", "A + goes only at the start")]
    [InlineData("Input.Phone", "555)0100(12", "Brackets go in pairs around digits")]
    [InlineData("Input.Phone", "(((555)))0100", "Brackets go in pairs around digits")]
    [InlineData("Input.Phone", "+-555-0100", "Start and end the number with digits")]
    [InlineData("Input.Phone", "555 -. 0100", "Put one space, dash or dot between groups of digits")]
    [InlineData("Input.Phone", "1 2 3 4 5 6 7 8 9 0 1 2 3", "Keep the phone number to 24 characters")]
    [InlineData("Input.CardNumber", "", "Enter the card number")]
    [InlineData("Input.CardNumber", "4242 4242 4242 4241", "not a valid card number")]
    [InlineData("Input.CardNumber", "abcd", "not a valid card number")]
    [InlineData("Input.CardExpiry", "13/40", "MM/YY")]
    [InlineData("Input.CardExpiry", "01/20", "expired")]
    [InlineData("Input.CardCvc", "12", "3 or 4 digits")]
    [InlineData("Input.CardName", "", "name as it is on the card")]
    public async Task Every_field_is_checked_on_the_server_with_a_message_beside_it(string field, string value, string message)
    {
        await store.SetProductAsync(24, stock: 50);
        var email = ShopStore.NewEmail("fields");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 24, "1");
        var values = ShopStore.TestCard();
        values[field] = value;

        var response = await ShopStore.CheckoutAsync(client, values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        Assert.Equal("/checkout", new Uri(page.Url).AbsolutePath);
        Assert.Contains(message, page.QuerySelector($"[data-valmsg-for='{field}']")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await store.OrdersOfAsync(email));
        // The message is also at the form's top, a link to its field, which says it is invalid and is described by it:
        // a declined card's message was ~2,000 px below the top on a phone, and the card fields carried no aria-invalid
        // (an outside review, session 44).
        var id = field.Replace('.', '_');
        var link = page.QuerySelectorAll("[data-testid=checkout-errors] a").Single(a => a.GetAttribute("href") == "#" + id);
        Assert.Contains(message, link.TextContent, StringComparison.Ordinal);
        Assert.Equal("-1", page.QuerySelector("[data-error-summary]")!.GetAttribute("tabindex"));
        var input = page.GetElementById(id)!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        var describedBy = input.GetAttribute("aria-describedby")!.Split(' ');
        Assert.Contains(describedBy, d => page.GetElementById(d)?.TextContent.Contains(message, StringComparison.Ordinal) == true);
        // Card details are never written back into the page.
        Assert.Equal("", ((IHtmlInputElement)page.QuerySelector("input[name='Input.CardNumber']")!).Value);
        Assert.Equal("", ((IHtmlInputElement)page.QuerySelector("input[name='Input.CardCvc']")!).Value);
    }

    [Fact]
    public async Task A_message_several_fields_share_is_listed_with_each_fields_name()
    {
        // Four lines of "Use letters, digits, spaces and punctuation only" named no field (an outside review, session 48).
        await store.SetProductAsync(25, stock: 50);
        var client = await store.SignedInClientAsync(ShopStore.NewEmail("shared"));
        await ShopStore.AddToCartAsync(client, 25, "1");
        var values = ShopStore.PayOnDelivery();
        values["Input.FullName"] = "Ada \u202ELovelace";
        values["Input.AddressLine1"] = "12 \u202ERow";
        values["Input.City"] = "";

        var page = await Html.GetDocumentAsync(await ShopStore.CheckoutAsync(client, values));

        var listed = page.QuerySelectorAll("[data-testid=checkout-errors] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Contains(listed, l => l.StartsWith("Full name: Use letters, digits", StringComparison.Ordinal));
        Assert.Contains(listed, l => l.StartsWith("Address line 1: Use letters, digits", StringComparison.Ordinal));
        // A message of its own is said as before.
        Assert.Contains(listed, l => l.StartsWith("Enter the town or city", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Input.Country", "XX", "We do not ship")]
    [InlineData("Input.ShippingMethod", "teleport", "delivery options")]
    [InlineData("Input.PaymentMethod", "bitcoin", "ways to pay")]
    public async Task Values_outside_the_lists_are_refused(string field, string value, string message)
    {
        await store.SetProductAsync(25, stock: 50);
        var email = ShopStore.NewEmail("lists");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 25, "1");
        var request = await ShopStore.CheckoutRequestAsync(client, ShopStore.TestCard());

        var response = await client.SendAsync(await Replace(request, field, value));

        var page = await Html.GetDocumentAsync(response);
        Assert.Contains(message, page.QuerySelector($"[data-valmsg-for='{field}']")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await store.OrdersOfAsync(email));
    }

    [Theory]
    [InlineData("4000 0000 0000 0002", "declined")]
    [InlineData(TestCardGateway.InsufficientFundsNumber, "insufficient funds")]
    public async Task A_declined_card_changes_nothing_and_says_why(string number, string message)
    {
        await store.SetProductAsync(26, stock: 5);
        var email = ShopStore.NewEmail("declined");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 26, "2");

        var page = await Html.GetDocumentAsync(await ShopStore.CheckoutAsync(client, ShopStore.TestCard(number)));

        Assert.Equal("/checkout", new Uri(page.Url).AbsolutePath);
        Assert.Contains(message, page.QuerySelector("[data-valmsg-for='Input.CardNumber']")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await store.OrdersOfAsync(email));
        Assert.Equal(5, (await store.ProductAsync(26)).Stock);
        Assert.Equal(2, await ShopStore.HeaderCountAsync(client));

        // Another card on the re-rendered form (it carries a fresh one-time key) goes through.
        var retry = await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("form[data-testid=checkout-form]")!, ShopStore.TestCard());
        ShopStore.OrderIdOf(retry);
        Assert.Equal(3, (await store.ProductAsync(26)).Stock);
    }

    [Fact]
    public async Task Totals_come_from_server_prices_whatever_the_form_says()
    {
        await store.SetProductAsync(27, stock: 10, priceCents: 20_000);
        var email = ShopStore.NewEmail("tamper");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 27, "1");

        // Extra price and total fields are not bound to anything.
        var request = await ShopStore.CheckoutRequestAsync(client, ShopStore.TestCard());
        request = await Append(request, "Input.TotalCents=1&Input.SubtotalCents=1&PriceCents=1&UnitPriceCents=1&Input.TaxCents=0");
        var orderId = ShopStore.OrderIdOf(await client.SendAsync(request));
        var order = Assert.Single(await store.OrdersOfAsync(email));
        Assert.Equal(orderId, order.Id);
        Assert.Equal(20_000, order.SubtotalCents);
        Assert.Equal(20_000 + 499 + 4_000, order.TotalCents); // UK VAT 20 % on the goods

        // The quoted subtotal is only a check: a different one places nothing and shows the real totals.
        await ShopStore.AddToCartAsync(client, 27, "1");
        var tampered = await Replace(await ShopStore.CheckoutRequestAsync(client, ShopStore.TestCard()), "Input.QuotedSubtotalCents", "100");
        var page = await Html.GetDocumentAsync(await client.SendAsync(tampered));
        Assert.Contains("Prices changed", page.QuerySelector("[data-testid=checkout-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("$200.00", page.QuerySelector("[data-testid=subtotal]")!.TextContent);
        Assert.Single(await store.OrdersOfAsync(email));
    }

    [Fact]
    public async Task A_price_change_while_checking_out_is_shown_before_anything_is_charged()
    {
        await store.SetProductAsync(28, stock: 10, priceCents: 1_000);
        var email = ShopStore.NewEmail("pricechange");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 28, "1");
        var page = await client.GetDocumentAsync("/checkout");
        await store.SetProductAsync(28, stock: 10, priceCents: 1_500);

        var again = await Html.GetDocumentAsync(await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("form[data-testid=checkout-form]")!, ShopStore.TestCard()));
        // Which product, from what to what (session 52's review: the bare sentence left the shopper to compare).
        Assert.Matches(@"Prices changed while you were checking out: .+ is now \$15\.00 \(was \$10\.00\)\. Check the new totals", again.QuerySelector("[data-testid=checkout-errors]")!.TextContent);
        Assert.Equal("$15.00", again.QuerySelector("[data-testid=subtotal]")!.TextContent);

        var placed = await client.SubmitAsync((IHtmlFormElement)again.QuerySelector("form[data-testid=checkout-form]")!, ShopStore.TestCard());
        ShopStore.OrderIdOf(placed);
        Assert.Equal(1_500, Assert.Single(await store.OrdersOfAsync(email)).SubtotalCents);
    }

    [Fact]
    public async Task A_line_that_sold_out_meanwhile_is_named_and_nothing_is_taken()
    {
        await store.SetProductAsync(29, stock: 10);
        await store.SetProductAsync(30, stock: 10);
        var email = ShopStore.NewEmail("short");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 29, "2");
        await ShopStore.AddToCartAsync(client, 30, "5");
        var request = await ShopStore.CheckoutRequestAsync(client, ShopStore.TestCard());
        await store.SetProductAsync(30, stock: 3);

        var page = await Html.GetDocumentAsync(await client.SendAsync(request));

        var errors = page.QuerySelector("[data-testid=checkout-errors]")!.TextContent;
        Assert.Contains("only 3 left, you asked for 5", errors, StringComparison.Ordinal);
        Assert.Equal(10, (await store.ProductAsync(29)).Stock);
        Assert.Equal(3, (await store.ProductAsync(30)).Stock);
        Assert.Empty(await store.OrdersOfAsync(email));
    }

    [Fact]
    public async Task A_line_no_longer_sold_meanwhile_is_said_so_not_sold_out()
    {
        await store.SetProductAsync(31, stock: 10);
        var email = ShopStore.NewEmail("retired");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 31, "1");
        var request = await ShopStore.CheckoutRequestAsync(client, ShopStore.TestCard());
        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<WebApp.Data.StoreDbContext>().Products.Where(p => p.Id == 31)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
        }

        var page = await Html.GetDocumentAsync(await client.SendAsync(request));

        // It said "... just sold out", with 10 on the shelf (left as found in session 48).
        var errors = page.QuerySelector("[data-testid=checkout-errors]")!.TextContent;
        Assert.Contains("is no longer sold. Remove it from your cart.", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("sold out", errors, StringComparison.Ordinal);
        Assert.Equal(10, (await store.ProductAsync(31)).Stock);
        Assert.Empty(await store.OrdersOfAsync(email));

        // The cart names it without a link: its page is a 404 (an outside review, session 51).
        var line = (await client.GetDocumentAsync("/cart")).QuerySelector("[data-testid=cart-line][data-product-id='31']")!;
        Assert.Null(line.QuerySelector("a[href^='/products/']"));
        Assert.False(string.IsNullOrWhiteSpace(line.QuerySelector("[data-testid=cart-line-name]")!.TextContent));
    }

    [Fact]
    public async Task A_double_submitted_form_makes_one_order_and_both_land_on_it()
    {
        await store.SetProductAsync(31, stock: 10);
        var email = ShopStore.NewEmail("double");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 31, "1");
        var first = await ShopStore.CheckoutRequestAsync(client, ShopStore.TestCard());
        var body = await first.Content!.ReadAsByteArrayAsync();
        var contentType = first.Content.Headers.ContentType!;
        HttpRequestMessage Copy() => new(HttpMethod.Post, first.RequestUri) { Content = new ByteArrayContent(body) { Headers = { ContentType = contentType } } };

        // A double click: both at once.
        var responses = await Task.WhenAll(client.SendAsync(Copy()), client.SendAsync(Copy()));
        var ids = responses.Select(ShopStore.OrderIdOf).Distinct().ToList();

        // The browser's back button and a resubmit, later.
        var later = await client.SendAsync(Copy());

        Assert.Single(ids);
        Assert.Equal(ids[0], ShopStore.OrderIdOf(later));
        Assert.Contains("already placed", (await Html.GetDocumentAsync(later)).QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Single(await store.OrdersOfAsync(email));
        Assert.Equal(9, (await store.ProductAsync(31)).Stock);
    }

    [Fact]
    public async Task Checkout_never_oversells_the_last_items_under_a_race()
    {
        const int shoppers = 20;
        const int stock = 5;
        var clients = new List<HttpClient>();
        for (var i = 0; i < shoppers; i++) clients.Add(await store.SignedInClientAsync(ShopStore.NewEmail($"race{i}-")));

        for (var round = 0; round < 3; round++)
        {
            var productId = 40 + round;
            await store.SetProductAsync(productId, stock: shoppers);
            foreach (var client in clients) await ShopStore.AddToCartAsync(client, productId, "1");
            var requests = new List<HttpRequestMessage>();
            for (var i = 0; i < shoppers; i++)
            {
                requests.Add(await ShopStore.CheckoutRequestAsync(clients[i], i % 2 == 0 ? ShopStore.TestCard() : ShopStore.PayOnDelivery()));
            }
            await store.SetProductAsync(productId, stock: stock);

            using var start = new SemaphoreSlim(0);
            var racing = clients.Select(async (client, i) =>
            {
                await start.WaitAsync();
                return await client.SendAsync(requests[i]);
            }).ToList();
            start.Release(shoppers);
            var responses = await Task.WhenAll(racing);

            Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, $"round {round}: {(int)r.StatusCode}"));
            var placed = responses.Count(r => r.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/orders/", StringComparison.Ordinal));
            Assert.Equal(stock, placed);
            foreach (var refused in responses.Where(r => r.RequestMessage!.RequestUri!.AbsolutePath == "/checkout"))
            {
                var page = await Html.GetDocumentAsync(refused);
                Assert.True((int)refused.StatusCode == 200, $"{(int)refused.StatusCode}: {page.QuerySelector("main")?.TextContent}");
                Assert.Contains("sold out", page.QuerySelector("[data-testid=checkout-errors]")!.TextContent, StringComparison.Ordinal);
            }
            Assert.Equal(0, (await store.ProductAsync(productId)).Stock);
            Assert.Equal(stock, await store.OrderCountForProductAsync(productId));

            // The losers' carts still hold the product, so empty them for the next round.
            foreach (var client in clients)
            {
                var cart = await client.GetDocumentAsync("/cart");
                if (cart.QuerySelector("button[aria-label^=Remove]")?.Closest("form") is IHtmlFormElement remove) await client.SubmitAsync(remove);
            }
        }
    }

    [Fact]
    public async Task A_line_that_sold_out_while_checking_out_is_marked_and_removed_from_the_page_keeping_the_form()
    {
        // The loser of a race for the last one saw it still in "Review your order", counted in the total, above "Place
        // order", with only "Change the cart" to leave by (a guest's address lost; session 52's outside review).
        await store.SetProductAsync(48, stock: 1);
        await store.SetProductAsync(49, stock: 10);
        var email = ShopStore.NewEmail("soldoutguest");
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 48);
        await ShopStore.AddToCartAsync(client, 49);
        var request = await ShopStore.CheckoutRequestAsync(client, new Dictionary<string, string>(ShopStore.PayOnDelivery()) { ["Input.Email"] = email, ["Input.FullName"] = "Ada Sold-Out" });
        await store.SetProductAsync(48, stock: 0);

        var page = await Html.GetDocumentAsync(await client.SendAsync(request));
        Assert.Contains("just sold out", page.QuerySelector("[data-testid=checkout-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Sold out; remove it to check out.", page.QuerySelector("[data-testid=review-line-problem]")!.TextContent.Trim());
        var form = (IHtmlFormElement)page.QuerySelector("form[data-testid=checkout-form]")!;
        // "Place order" stays the form's default button (Enter in a field), before any "remove it".
        Assert.Equal("place-order", form.QuerySelector("button[type=submit]")!.GetAttribute("data-testid"));

        var removed = await Html.GetDocumentAsync(await client.SubmitAsync(form, null, (IHtmlElement)page.QuerySelector("[data-testid=review-line-fix] button")!));
        Assert.Equal("/checkout", new Uri(removed.Url).AbsolutePath);
        Assert.StartsWith("Removed ", removed.QuerySelector("[data-testid=checkout-removed]")!.TextContent, StringComparison.Ordinal);
        Assert.Single(removed.QuerySelectorAll("[data-testid=review-line]"));
        Assert.Null(removed.QuerySelector("[data-testid=review-line-problem]"));
        Assert.Null(removed.QuerySelector("[data-testid=checkout-errors]"));
        Assert.Equal("Ada Sold-Out", ((IHtmlInputElement)removed.QuerySelector("#Input_FullName")!).Value);
        Assert.Equal(email, ((IHtmlInputElement)removed.QuerySelector("#Input_Email")!).Value);

        // And the form shown places the order of what is left.
        await client.SubmitAsync((IHtmlFormElement)removed.QuerySelector("form[data-testid=checkout-form]")!);
        var order = Assert.Single(await store.OrdersOfAsync(email));
        Assert.Equal(49, Assert.Single(order.Lines).ProductId);
    }

    [Fact]
    public async Task The_payment_gateway_is_charged_once_per_order()
    {
        await store.SetProductAsync(32, stock: 10);
        var gateway = store.Services.GetServices<IPaymentGateway>().OfType<TestCardGateway>().Single();
        var email = ShopStore.NewEmail("once");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 32, "1");
        var request = await ShopStore.CheckoutRequestAsync(client, ShopStore.TestCard());
        var body = await request.Content!.ReadAsByteArrayAsync();
        var before = gateway.ApprovedCharges;

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, request.RequestUri) { Content = new ByteArrayContent(body) { Headers = { ContentType = request.Content.Headers.ContentType } } });
        }

        Assert.Equal(before + 1, gateway.ApprovedCharges);
    }

    private static async Task<HttpRequestMessage> Replace(HttpRequestMessage request, string field, string value)
    {
        var pairs = (await request.Content!.ReadAsStringAsync()).Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')) != field)
            .Select(p => string.Join('=', p))
            .Append(Uri.EscapeDataString(field) + "=" + Uri.EscapeDataString(value));
        return Form(request.RequestUri!, string.Join('&', pairs));
    }

    private static async Task<HttpRequestMessage> Append(HttpRequestMessage request, string extra) =>
        Form(request.RequestUri!, await request.Content!.ReadAsStringAsync() + "&" + extra);

    private static HttpRequestMessage Form(Uri uri, string body) =>
        new(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
}
