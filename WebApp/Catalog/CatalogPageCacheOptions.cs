namespace WebApp.Catalog;

/// <summary>The <c>PageCache</c> section: the output cache of anonymous catalogue pages (<see cref="CatalogPageCache"/>).</summary>
public sealed class CatalogPageCacheOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a stored page lives at most. Catalogue changes evict what they touch at once; this bounds only what no
    /// event reports (a render racing a change, converted prices ageing past <c>Rates:MaxAge</c>).
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Memory the stored pages may take; the least recently used go first beyond it.</summary>
    public int SizeLimitMiB { get; set; } = 256;
}
