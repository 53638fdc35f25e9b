using WebApp.Checkout;

namespace WebApp.Tests.Shopping;

public sealed class CardDetailsTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);

    private static PlaceOrderRequest Card(string? number = "4242 4242 4242 4242", string? expiry = "04/29", string? cvc = "123", string? name = "A LOVELACE") =>
        new() { CardNumber = number, CardExpiry = expiry, CardCvc = cvc, CardName = name };

    private static (CardDetails? Card, List<(string Field, string Message)> Errors) Read(PlaceOrderRequest request)
    {
        var errors = new List<(string Field, string Message)>();
        return (CardDetails.Read(request, s_now, errors), errors);
    }

    [Theory]
    [InlineData("4242 4242 4242 4242", "04/29", "4242424242424242", 4, 2029)]
    [InlineData("5555-5555-5555-4444", "4/2031", "5555555555554444", 4, 2031)]
    [InlineData("4000000000009995", " 11 / 26 ", "4000000000009995", 11, 2026)]
    public void A_card_is_read_without_its_spaces_and_dashes(string number, string expiry, string digits, int month, int year)
    {
        var (card, errors) = Read(Card(number, expiry, cvc: " 1234 ", name: "  A LOVELACE "));

        Assert.Empty(errors);
        Assert.Equal(new CardDetails(digits, month, year, "1234", "A LOVELACE"), card);
    }

    [Theory]
    [InlineData(null, "Enter the card number.")]
    [InlineData(" - ", "Enter the card number.")]
    [InlineData("4242 4242 4242 4241", "That is not a valid card number; check the digits.")]
    [InlineData("4242", "That is not a valid card number; check the digits.")]
    [InlineData("4242 4242 4242 424x", "That is not a valid card number; check the digits.")]
    [InlineData("42424242424242424242", "That is not a valid card number; check the digits.")]
    public void A_number_must_be_12_to_19_digits_that_pass_the_Luhn_check(string? number, string message) =>
        Assert.Equal([(nameof(PlaceOrderRequest.CardNumber), message)], Read(Card(number: number)).Errors);

    [Theory]
    [InlineData("", "Enter the expiry date as MM/YY.")]
    [InlineData("13/40", "Enter the expiry date as MM/YY, e.g. 04/29.")]
    [InlineData("0429", "Enter the expiry date as MM/YY, e.g. 04/29.")]
    [InlineData("10/26", "This card has expired.")]
    [InlineData("12/2025", "This card has expired.")]
    public void An_expiry_must_be_a_month_not_yet_over(string expiry, string message) =>
        Assert.Equal([(nameof(PlaceOrderRequest.CardExpiry), message)], Read(Card(expiry: expiry)).Errors);

    [Fact]
    public void A_card_is_good_through_its_expiry_month() => Assert.Empty(Read(Card(expiry: "11/26")).Errors);

    [Theory]
    [InlineData(null, "Enter the 3 or 4 digit security code.")]
    [InlineData("12", "The security code is 3 or 4 digits.")]
    [InlineData("12a", "The security code is 3 or 4 digits.")]
    [InlineData("12345", "The security code is 3 or 4 digits.")]
    public void A_security_code_is_3_or_4_digits(string? cvc, string message) =>
        Assert.Equal([(nameof(PlaceOrderRequest.CardCvc), message)], Read(Card(cvc: cvc)).Errors);

    [Fact]
    public void Every_problem_is_named_by_its_field_and_no_card_comes_back()
    {
        var (card, errors) = Read(Card(number: "1234", expiry: "99/99", cvc: "", name: " "));

        Assert.Null(card);
        Assert.Equal(["CardNumber", "CardExpiry", "CardCvc", "CardName"], errors.Select(e => e.Field));
        Assert.Equal("Enter the name as it is on the card.", errors[^1].Message);
    }
}
