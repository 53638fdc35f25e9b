namespace WebApp.Search;

/// <summary>A query that found nothing, for the admin dashboard: what shoppers want and the catalogue lacks.</summary>
public sealed class SearchMiss
{
    public required string Query { get; set; }
    public int Count { get; set; }
    public DateTime LastSeen { get; set; }
}
