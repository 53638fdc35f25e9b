using System.Diagnostics.Metrics;
using WebApp.Checkout;
using WebApp.Search;

namespace WebApp.Observability;

/// <summary>
/// The store's own instruments (meter <c>WebApp.Store</c>), exported with every other <c>WebApp.*</c> meter at
/// <c>/metrics</c>. Search cache counts are read from <see cref="SearchCache"/> at each scrape rather than counted twice.
/// </summary>
public sealed class StoreMetrics
{
    public const string MeterName = "WebApp.Store";

    private readonly Counter<long> _ordersPlaced;
    private readonly Counter<long> _stockConflicts;

    public StoreMetrics(IMeterFactory meters, SearchCache cache)
    {
        var meter = meters.Create(MeterName);
        _ordersPlaced = meter.CreateCounter<long>("webapp.orders.placed", "{order}", "Orders placed, each counted once however often its form was sent");
        _stockConflicts = meter.CreateCounter<long>("webapp.checkout.stock_conflicts", "{checkout}", "Checkouts refused because an item no longer had the stock");
        meter.CreateObservableCounter("webapp.search.cache.hits", () => cache.Lookups.Hits, "{lookup}", "Search lookups answered from memory");
        meter.CreateObservableCounter("webapp.search.cache.misses", () => cache.Lookups.Misses, "{lookup}", "Search lookups that had to be computed");
    }

    /// <summary>Counts what a checkout came to: a new order, or a refusal for stock.</summary>
    public void CheckedOut(PlaceOrderResult result)
    {
        switch (result)
        {
            case PlaceOrderResult.Placed { Repeat: false }:
                _ordersPlaced.Add(1);
                break;
            case PlaceOrderResult.OutOfStock:
                _stockConflicts.Add(1);
                break;
        }
    }
}
