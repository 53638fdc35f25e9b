namespace WebApp.Search;

/// <summary>Ids of the products a full-text expression matches, newest first.</summary>
public sealed record Matches(List<int> Ids)
{
    // An id list of 10,000 is about 40 KB: weighed in KB like everything cached.
    public long Kilobytes => 1 + Ids.Count * 4 / 1024;
}
