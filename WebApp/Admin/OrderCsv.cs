using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Admin;

/// <summary>The orders placed in a date range as CSV, one row per order, streamed like <see cref="ProductCsv"/>.</summary>
public static class OrderCsv
{
    public static readonly string[] Columns = ["Order", "PlacedAt", "Status", "Email", "Name", "Country", "Payment", "Items", "Subtotal", "Shipping", "Tax", "Total", "Carrier", "Tracking", "Refunded", "RefundedAt"];

    /// <summary>Orders placed from the start of <paramref name="from"/> to the end of <paramref name="to"/> (UTC days), oldest first.</summary>
    public static async Task<long> WriteAsync(StoreDbContext db, DateOnly from, DateOnly to, Stream output, CancellationToken ct)
    {
        var start = from.ToDateTime(TimeOnly.MinValue);
        var end = to < DateOnly.MaxValue ? to.AddDays(1).ToDateTime(TimeOnly.MinValue) : DateTime.MaxValue;
        var orders = db.Orders.AsNoTracking()
            .Where(o => o.PlacedAt >= start && o.PlacedAt < end)
            .OrderBy(o => o.PlacedAt).ThenBy(o => o.Id)
            .Select(o => new
            {
                o.Id, o.PlacedAt, o.Status, o.Email, o.FullName, o.Country, o.PaymentMethod,
                Items = o.Lines.Sum(l => l.Quantity), o.SubtotalCents, o.ShippingCents, o.TaxCents, o.TotalCents, o.Carrier, o.TrackingNumber,
                o.RefundedCents, RefundedAt = o.RefundReference == null ? null : o.RefundedAt,
            })
            .AsAsyncEnumerable();
        await using var csv = CsvWriter.Create(output, ProductCsv.Excel, leaveOpen: true);
        csv.WriteHeader(Columns);
        long rows = 0;
        await foreach (var o in orders.WithCancellation(ct))
        {
            csv.WriteField(o.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(o.PlacedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            csv.WriteField(o.Status.ToString());
            csv.WriteField(o.Email);
            csv.WriteField(o.FullName);
            csv.WriteField(o.Country);
            csv.WriteField(o.PaymentMethod);
            csv.WriteField(o.Items.ToString(CultureInfo.InvariantCulture));
            // Two decimals, as a ledger has them: tax read "0.6" (session 46's review).
            csv.WriteField(Money.Amount(o.SubtotalCents));
            csv.WriteField(Money.Amount(o.ShippingCents));
            csv.WriteField(Money.Amount(o.TaxCents));
            csv.WriteField(Money.Amount(o.TotalCents));
            csv.WriteField(o.Carrier);
            csv.WriteField(o.TrackingNumber);
            // What went back to the card (session 46): a cancelled order's total read as money kept.
            csv.WriteField(o.RefundedCents is { } refunded ? Money.Amount(refunded) : null);
            csv.WriteField(o.RefundedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            await csv.EndRecordAsync(ct);
            rows++;
        }
        await csv.FlushAsync(ct);
        return rows;
    }
}
