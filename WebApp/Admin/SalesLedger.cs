namespace WebApp.Admin;

/// <summary>
/// The dashboard's month of sales, kept between requests and brought up to date by <see cref="SalesFigures"/> from the
/// order status changes written since (one process holds it; <see cref="Gate"/> lets one request update it at a time).
/// Products sold are kept per day so that the day leaving the 30-day window can be taken out without reading it again.
/// </summary>
public sealed class SalesLedger
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>False until the month has been read once (and again after the clock went back).</summary>
    public bool Built { get; set; }

    public DateOnly Today { get; set; }

    /// <summary>The newest <c>OrderStatusChanges</c> id already counted.</summary>
    public int Version { get; set; }

    /// <summary>Orders and revenue per UTC day ("yyyy-MM-dd"), cancelled orders apart.</summary>
    public Dictionary<(string Day, bool Cancelled), (int Orders, long Revenue)> PerDay { get; } = [];

    /// <summary>Quantity sold per product per day, of orders not cancelled.</summary>
    public Dictionary<string, Dictionary<int, int>> SoldPerDay { get; } = new(StringComparer.Ordinal);

    /// <summary>The same summed over the month.</summary>
    public Dictionary<int, int> Sold { get; } = [];

    /// <summary>The month's figures as last handed out, with that many best sellers; null when a change has come in since.</summary>
    public (int BestSellers, SalesFigures.Month Figures)? Month { get; set; }

    public void Clear()
    {
        PerDay.Clear();
        SoldPerDay.Clear();
        Sold.Clear();
        Month = null;
        Built = false;
    }
}
