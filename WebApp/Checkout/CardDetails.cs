using System.Globalization;

namespace WebApp.Checkout;

/// <summary>Card data exists only for the length of the request: it is passed to the gateway and never stored.</summary>
public sealed record CardDetails(string Number, int ExpiryMonth, int ExpiryYear, string Cvc, string NameOnCard)
{
    /// <summary>
    /// Reads the card fields of <paramref name="request"/> as the shopper typed them (spaces and dashes in the number
    /// are fine). Every problem is added to <paramref name="errors"/> under its field's name; the card comes back only
    /// when there is none.
    /// </summary>
    public static CardDetails? Read(PlaceOrderRequest request, DateTimeOffset now, ICollection<(string Field, string Message)> errors)
    {
        var found = errors.Count;
        var number = new string((request.CardNumber ?? "").Where(c => c is not (' ' or '-')).ToArray());
        if (number.Length == 0) errors.Add((nameof(request.CardNumber), "Enter the card number."));
        else if (number.Length is < 12 or > 19 || !number.All(char.IsAsciiDigit) || !PassesLuhn(number)) errors.Add((nameof(request.CardNumber), "That is not a valid card number; check the digits."));

        var expiry = (request.CardExpiry ?? "").Replace(" ", "", StringComparison.Ordinal);
        var (month, year) = (0, 0);
        if (expiry.Length == 0) errors.Add((nameof(request.CardExpiry), "Enter the expiry date as MM/YY."));
        else if (!DateTime.TryParseExact(expiry, ["MM/yy", "M/yy", "MM/yyyy", "M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add((nameof(request.CardExpiry), "Enter the expiry date as MM/YY, e.g. 04/29."));
        }
        else
        {
            (month, year) = (date.Month, date.Year);
            if (year < now.Year || (year == now.Year && month < now.Month)) errors.Add((nameof(request.CardExpiry), "This card has expired."));
        }

        var cvc = request.CardCvc?.Trim() ?? "";
        if (cvc.Length == 0) errors.Add((nameof(request.CardCvc), "Enter the 3 or 4 digit security code."));
        else if (cvc.Length is < 3 or > 4 || !cvc.All(char.IsAsciiDigit)) errors.Add((nameof(request.CardCvc), "The security code is 3 or 4 digits."));

        var name = request.CardName?.Trim() ?? "";
        if (name.Length == 0) errors.Add((nameof(request.CardName), "Enter the name as it is on the card."));

        return errors.Count == found ? new CardDetails(number, month, year, cvc, name) : null;
    }

    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1 && (d *= 2) > 9) d -= 9;
            sum += d;
        }
        return sum % 10 == 0;
    }
}
