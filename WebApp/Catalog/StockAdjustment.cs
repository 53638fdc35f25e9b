namespace WebApp.Catalog;

/// <summary>A stock change made by hand in the admin pages, with its reason (counted, damaged, restocked...).</summary>
public sealed class StockAdjustment
{
    public long Id { get; set; }
    public int ProductId { get; set; }
    public int Delta { get; set; }
    public int StockAfter { get; set; }
    public required string Reason { get; set; }
    public required string UserId { get; set; }
    public DateTime At { get; set; }
}
