using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using WebApp.Search;
using WebApp.Security;

namespace WebApp.Catalog;

/// <summary>
/// The output cache of anonymous catalogue pages (home, department and category listings, product pages): who may share
/// a cached page, the tags each page carries, and what each catalogue change evicts. The one place these rules live;
/// <see cref="CatalogPagePolicy"/> applies them to a request and <see cref="CatalogPageFill"/> makes a shared page
/// personal again (antiforgery token, cart count) on its way out.
/// </summary>
public sealed class CatalogPageCache(IOutputCacheStore store, SiteCookies cookies, CategoryTree tree, IOptions<CatalogPageCacheOptions> options)
{
    public const string PolicyName = "CatalogPage";

    /// <summary>The pages rendered once for every anonymous visitor. Nothing else is ever stored.</summary>
    public static readonly IReadOnlyList<string> Pages = ["/Index", "/Categories/Show", "/Products/Show", "/Search/Index"];

    // Letters only (HTML encoding leaves them as they are), and new at every start: a placeholder a visitor could type
    // (in a search, a review) would be filled with the next visitor's token wherever the text is shown, so nobody may
    // know it. Pages are never sent unfilled, and the cache lives and dies with the process.
    private static readonly string s_placeholderStart = "PageCache" + System.Security.Cryptography.RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 24);

    /// <summary>Stands for this visitor's antiforgery request token in a shared render.</summary>
    public static readonly string TokenPlaceholder = s_placeholderStart + "Token";

    /// <summary>Stands for this visitor's cart count in a shared render.</summary>
    public static readonly string CartCountPlaceholder = s_placeholderStart + "Count";

    private static readonly string[] s_listingKeys = ["category", "brand", "minPrice", "maxPrice", "inStock", "sort", "page"];

    /// <summary>
    /// The query parameters each shared page reads: its copies' key, and everything a stored copy may depend on. A page
    /// reading none (home) has one copy; parameters it does not read (utm_source, a q on a category page) share it.
    /// </summary>
    public static Microsoft.Extensions.Primitives.StringValues KeysFor(string? page) => page switch
    {
        "/Search/Index" => s_searchKeys,
        "/Categories/Show" => s_listingKeys,
        "/Products/Show" => s_productKeys,
        _ => Microsoft.Extensions.Primitives.StringValues.Empty,
    };

    private static readonly string[] s_searchKeys = ["q", "exact", .. s_listingKeys];
    private static readonly string[] s_productKeys = ["reviews", "rpage"];

    /// <summary>Served with shared pages only: says whether this one came from the cache (see the README for why that is harmless).</summary>
    public const string StatusHeader = "X-Page-Cache";

    /// <summary>A change touching more products than this (an import) empties the whole cache instead of evicting page by page.</summary>
    public const int MostTargetedProducts = 200;

    public static class Tags
    {
        public const string All = "catalog";
        public const string Home = "home";

        /// <summary>Pages showing prices converted to another currency: an exchange-rate refresh changes them.</summary>
        public const string Converted = "converted";

        /// <summary>Search result pages: any product can join or leave any of them, so every listing change evicts them all.</summary>
        public const string Search = "search";

        public static string Product(int id) => $"product:{id}";

        /// <summary>A category's (or department's) listing pages, every page number, sort and filter.</summary>
        public static string Category(int id) => $"category:{id}";

        /// <summary>Product pages of one category: their "You may also like" shows its best-rated products.</summary>
        public static string Related(int categoryId) => $"related:{categoryId}";
    }

    private static readonly object s_sharedRender = new();
    private static readonly object s_servedFromCache = new();
    private static readonly object s_storeForNobody = new();
    private long _generation;
    private long _hits;
    private long _misses;

    public bool Enabled => options.Value.Enabled;

    public TimeSpan Lifetime => options.Value.Lifetime;

    /// <summary>Moves on at every eviction: a render that began before one must not store what it read.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Shared pages answered from the cache and rendered, since start (a test and a bench read these).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// Whether this request may see (and make) the page every anonymous visitor shares: a GET or HEAD from someone not
    /// signed in and with nothing waiting for them alone. A sign-in cookie (even an expired one) or a TempData cookie (a
    /// flash message such as "Added to cart" is waiting) means a page of their own, rendered and never stored.
    /// </summary>
    private readonly string _authCookie = cookies.Name("Auth");
    private readonly string _tempDataCookie = cookies.Name("TempData");

    public bool IsShared(HttpContext context)
    {
        if (!Enabled) return false;
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        if (context.User.Identity?.IsAuthenticated == true || request.Headers.Authorization.Count > 0) return false;
        var requestCookies = request.Cookies;
        return !requestCookies.ContainsKey(_authCookie) && !requestCookies.ContainsKey(_tempDataCookie);
    }

    public static bool IsCachedPage(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<OutputCacheAttribute>() is { PolicyName: PolicyName };

    /// <summary>True while a shared page renders: the header and the forms write placeholders instead of this visitor's values.</summary>
    public static bool IsRenderingShared(HttpContext context) => context.Items.ContainsKey(s_sharedRender);

    internal static void BeginSharedRender(HttpContext context) => context.Items[s_sharedRender] = true;

    internal static void EndSharedRender(HttpContext context) => context.Items.Remove(s_sharedRender);

    internal void CountHit(HttpContext context)
    {
        context.Items[s_servedFromCache] = true;
        Interlocked.Increment(ref _hits);
    }

    internal void CountMiss() => Interlocked.Increment(ref _misses);

    internal static bool WasServedFromCache(HttpContext context) => context.Items.ContainsKey(s_servedFromCache);

    /// <summary>
    /// This render is shown to its visitor and stored for nobody: a page model says so when what it shows depends on
    /// more than the catalogue (a search corrected by a vocabulary still loading, one that found nothing and is
    /// recorded for the shop owner on every try).
    /// </summary>
    public static void StoreForNobody(HttpContext context)
    {
        context.Items[s_storeForNobody] = true;
        // Said now, before the page is written, the output cache does not copy the body aside for storing: the policy
        // hears it only after the body is written, and a copy made for nothing was a third of a search page's garbage.
        if (context.Features.Get<IOutputCacheFeature>() is { } feature) feature.Context.AllowCacheStorage = false;
    }

    internal static bool IsStoredForNobody(HttpContext context) => context.Items.ContainsKey(s_storeForNobody);

    // Addresses asked for recently, as bits (two per address) in a fixed array: no allocation per address, so a stream
    // of one-off searches leaves no garbage behind. Cleared when an eighth of the bits are set; a false "seen" (about one
    // in fifty then) only stores a page one request early.
    private readonly long[] _seen = new long[1 << 14];
    private int _marked;

    /// <summary>
    /// Search pages, product pages and category pages past the first three are stored from their second request on: the
    /// words shoppers type are mostly asked once, and storing every one-off search churned the cache, pushing the working
    /// set past 560 MiB under a stream of distinct searches (evicted pages die old, in the GC's oldest generation); a deep
    /// page is mostly asked once too (a crawler, a shopper jumping to page 40), and so are most of a large catalogue's
    /// products (compressing and storing each one-off product page was a ninth of its render). Popular ones repeat, and
    /// are stored the second time.
    /// </summary>
    public void StoreWhenAskedAgain(HttpContext context)
    {
        if (!IsRenderingShared(context)) return;
        var address = context.Request.Path.Value + context.Request.QueryString.Value;
        var hash = (ulong)(uint)StringComparer.Ordinal.GetHashCode(address) << 32 | (uint)StringComparer.OrdinalIgnoreCase.GetHashCode(address);
        var bits = _seen.Length * 64;
        var seen = true;
        ReadOnlySpan<int> marks = [(int)(hash % (ulong)bits), (int)((hash >> 32) * 2654435761UL % (ulong)bits)];
        foreach (var bit in marks)
        {
            var mask = 1L << (bit & 63);
            if ((Interlocked.Or(ref _seen[bit >> 6], mask) & mask) == 0)
            {
                seen = false;
                if (Interlocked.Increment(ref _marked) > bits / 8)
                {
                    Array.Clear(_seen);
                    Volatile.Write(ref _marked, 0);
                }
            }
        }
        if (!seen) StoreForNobody(context);
    }

    /// <summary>
    /// Category listings' first pages are stored from their first request while the store has room. Once it is nearly
    /// full, each page stored pushes others out, and a script asking once each for thousands of distinct listings the
    /// store links to (every brand, price band, stock choice and sort of every category) pushed out the pages shoppers
    /// were using: an outside review sent 26,880 such addresses in 30 s, after which home and the departments were
    /// rendered again. Then they too are stored from their second request, as searches are: a page pushed in costs two
    /// renders of the per-address render budget (<c>RateLimiting:PageRenders</c>) instead of one.
    /// </summary>
    public void StoreWhenAskedAgainIfFull(HttpContext context)
    {
        if (IsRenderingShared(context) && store is PageStore { IsNearlyFull: true }) StoreWhenAskedAgain(context);
    }

    /// <summary>
    /// Stores a shared render only when it was asked for by its one canonical address: <paramref name="path"/> exactly
    /// and the page's parameters (<see cref="KeysFor"/>) with exactly the values the page's own links would carry, in
    /// any order. Anything else (<c>page=02</c>, <c>sort=bogus</c>, a price filter on a product page, a path in other
    /// letter case) is shown and not stored, so the number of copies is bounded by the pages the store links to, not by
    /// what a script can type. A canonical copy, once stored, still serves such requests when their key matches it.
    /// </summary>
    public static void StoreOnlyIfCanonical(HttpContext context, string path, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        if (!IsRenderingShared(context)) return;
        var request = context.Request;
        var asked = KeyedParameters(request).Select(p => p.Key.ToLowerInvariant() + "=" + p.Value).Order(StringComparer.Ordinal);
        var canonical = parameters.Where(p => p.Value is not null).Select(p => p.Key.ToLowerInvariant() + "=" + p.Value).Order(StringComparer.Ordinal);
        if (!string.Equals(request.Path.Value, path, StringComparison.Ordinal) || !asked.SequenceEqual(canonical, StringComparer.Ordinal)) StoreForNobody(context);
    }

    /// <summary>
    /// The request's values of the parameters its page's copies are keyed by (<see cref="KeysFor"/>, in that order,
    /// names as the page's links spell them), less the two a link never spells out because they are the
    /// defaults: <c>page=1</c> and the listing's default sort. The sort form sends "Top rated" as <c>sort=rating</c>,
    /// and a request with either renders exactly what the address without it renders, so it shares that copy instead
    /// of rendering one that would never be stored.
    /// </summary>
    internal static IEnumerable<KeyValuePair<string, string?>> KeyedParameters(HttpRequest request)
    {
        var page = request.RouteValues["page"] as string;
        foreach (var key in KeysFor(page))
        {
            var values = request.Query[key!];
            if (values.Count == 0 || values.Count == 1 && IsDefault(request, page, key!, values[0])) continue;
            foreach (var value in values) yield return new(key!, value);
        }
    }

    private static bool IsDefault(HttpRequest request, string? page, string key, string? value) => key switch
    {
        "page" => value == "1",
        // As the listing resolves it (SearchRequest.From): best match with words, top rated without.
        "sort" => value == ProductSort.DefaultFor(hasWords: page == "/Search/Index"
            && !SearchText.Parse(request.Query["q"], asTyped: SearchRequest.IsExact(request.Query)).IsEmpty).Key,
        _ => false,
    };

    /// <summary>
    /// What a page's copies are keyed by besides its path and currency: <see cref="KeyedParameters"/>, URL-encoded (so
    /// no value can pass for two). Parameters the page does not read are not in it, so they share its copy.
    /// </summary>
    internal static string VaryKey(HttpRequest request) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("", KeyedParameters(request));

    /// <summary>
    /// This page's address as a form sends the visitor back to it: while a shared page renders, only the path and the
    /// parameters its copies are keyed by, so a stored copy never carries what one visitor appended to their URL.
    /// </summary>
    public static string ReturnUrl(HttpContext context)
    {
        var request = context.Request;
        if (!IsRenderingShared(context)) return request.Path + request.QueryString;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(request.Path.Value ?? "/", KeyedParameters(request));
    }

    /// <summary>
    /// After a committed catalogue change (from <see cref="ICatalogChanges"/>), with each touched product's facts before
    /// and after it. An edit evicts the product's page and every listing that shows it (its category and the categories
    /// above, home, its category's product pages). A stock-only change (an order) always evicts the product's own page,
    /// and the listings only when what they say about stock changed ("In stock", "Only 3 left", "Out of stock"), so a
    /// busy store keeps its listings cached through orders of well-stocked products.
    /// </summary>
    public async Task EvictAsync(CatalogChange change, IReadOnlyDictionary<int, ProductFact?> before, Func<int, ProductFact?> after)
    {
        if (!Enabled) return;
        Interlocked.Increment(ref _generation);
        if (change.Categories || change.Brands || before.Count > MostTargetedProducts)
        {
            await store.EvictByTagAsync(Tags.All, CancellationToken.None);
            return;
        }

        var categories = (await tree.GetAsync()).ById;
        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, old) in before)
        {
            tags.Add(Tags.Product(id));
            var now = after(id);
            if (change.OnlyStock && old is { } o && now is { } n && StockStatus.Describe(o.Stock) == StockStatus.Describe(n.Stock)) continue;
            tags.Add(Tags.Home);
            foreach (var fact in new[] { old, now })
            {
                if (fact is not { } f) continue;
                tags.Add(Tags.Related(f.CategoryId));
                tags.Add(Tags.Category(f.DepartmentId));
                if (!categories.TryGetValue(f.CategoryId, out var node)) continue;
                foreach (var c in node.PathFromRoot()) tags.Add(Tags.Category(c.Id));
            }
        }
        // Whatever changes a listing (home is on every such change) may change any search's results or counts.
        if (tags.Contains(Tags.Home)) tags.Add(Tags.Search);
        foreach (var tag in tags) await store.EvictByTagAsync(tag, CancellationToken.None);
    }

    /// <summary>A change only the product's own page shows (a helpful vote on one of its reviews): that page alone.</summary>
    public async Task EvictProductPageAsync(int productId)
    {
        if (!Enabled) return;
        Interlocked.Increment(ref _generation);
        await store.EvictByTagAsync(Tags.Product(productId), CancellationToken.None);
    }

    /// <summary>New exchange rates: every page showing converted prices (or "rates unavailable") goes.</summary>
    public async Task RatesChangedAsync()
    {
        if (!Enabled) return;
        Interlocked.Increment(ref _generation);
        await store.EvictByTagAsync(Tags.Converted, CancellationToken.None);
    }
}
