namespace WebApp.Catalog;

/// <summary>The <c>PageCache</c> section: the output cache of anonymous catalogue pages (<see cref="CatalogPageCache"/>).</summary>
public sealed class CatalogPageCacheOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a stored page lives at most. Catalogue changes and new exchange rates evict what they touch at once; this
    /// bounds only what no event reports: a render finishing in the same instant as a change, an edited store page's
    /// footer link, converted prices ageing past <c>Rates:MaxAge</c>.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Memory the stored pages may take (<see cref="PageStore"/>), each kept as its gzip copy: a department page is ~6 KB,
    /// so 40 MiB holds ~6,000 (each counted with its key and the cache's own objects, <see cref="PageStore.Overhead"/>).
    /// Beyond it the store compacts, oldest and least used first.
    /// </summary>
    public int SizeLimitMiB { get; set; } = 40;

    /// <summary>
    /// Memory the uncompressed copies of pages asked for without gzip may take (<see cref="PageStore.PlainOf"/>): a
    /// department page is ~37 KB, so 4 MiB holds ~110. Past it such clients get the gzip copy inflated (~20 us more);
    /// 0 always inflates. 4 rather than 8 since session 28: browsers take gzip, and the working set with full caches at
    /// 1M was at its 400 MiB bound.
    /// </summary>
    public int PlainSizeLimitMiB { get; set; } = 4;
}
