namespace WebApp.Search;

/// <summary>Ids of the products a full-text expression matches, newest first; with bm25 scores when few enough to rank all.</summary>
public sealed record Matches(List<int> Ids, Dictionary<int, double>? Scores)
{
    public static readonly Matches None = new([], null);

    // An id list of 10,000 is about 40 KB (bm25 scores add ~32 bytes a match): weighed in KB like everything cached.
    public long Kilobytes => 1 + (Ids.Count * 4 + (Scores?.Count ?? 0) * 32) / 1024;
}
