namespace WebApp.Catalog;

public static class StockStatus
{
    public const int LowStockThreshold = 5;

    public static string Describe(int stock) => stock switch
    {
        <= 0 => "Out of stock",
        <= LowStockThreshold => $"Only {stock} left",
        _ => "In stock",
    };

    public static string CssClass(int stock) => stock switch
    {
        <= 0 => "text-danger",
        <= LowStockThreshold => "text-warning-emphasis",
        _ => "text-success",
    };
}
