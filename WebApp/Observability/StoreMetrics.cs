using System.Diagnostics.Metrics;
using WebApp.Checkout;

namespace WebApp.Observability;

/// <summary>
/// The store's own instruments (meter <c>WebApp.Store</c>), exported with every other <c>WebApp.*</c> meter at
/// <c>/metrics</c>.
/// </summary>
public sealed class StoreMetrics
{
    public const string MeterName = "WebApp.Store";

    private readonly Counter<long> _ordersPlaced;
    private readonly Counter<long> _stockConflicts;
    private readonly Counter<long> _searchCacheHits;
    private readonly Counter<long> _searchCacheMisses;

    public StoreMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _ordersPlaced = meter.CreateCounter<long>("webapp.orders.placed", "{order}", "Orders placed, each counted once however often its form was sent");
        _stockConflicts = meter.CreateCounter<long>("webapp.checkout.stock_conflicts", "{checkout}", "Checkouts refused because an item no longer had the stock");
        _searchCacheHits = meter.CreateCounter<long>("webapp.search.cache.hits", "{lookup}", "Search cache lookups (answers, match lists, suggestions) answered from memory");
        _searchCacheMisses = meter.CreateCounter<long>("webapp.search.cache.misses", "{lookup}", "Search cache lookups that were computed or joined a computation in flight");
    }

    public void SearchCacheHit() => _searchCacheHits.Add(1);

    public void SearchCacheMiss() => _searchCacheMisses.Add(1);

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
