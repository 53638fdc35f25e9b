namespace WebApp.Security;

public sealed class RateLimitOptions
{
    /// <summary>False turns every limit off: for deployments that limit at the proxy, and for load tests.</summary>
    public bool Enabled { get; set; } = true;

    public WindowLimit Search { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };

    /// <summary>
    /// Search-box suggestions per address, apart from searches: the box asks as the shopper types (120 ms after a
    /// pause), several times a word, and on the search budget a quick typer locked themselves out of searching (an
    /// outside review, session 38). Each is a name-only lookup of six products, cached like a search.
    /// </summary>
    public WindowLimit Suggest { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Sign-in, registration and confirmation posts per address.</summary>
    public WindowLimit Accounts { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Checkout posts per address: each one can call the payment gateway, which is what card testers abuse.</summary>
    /// <summary>
    /// API token refreshes per client address: a budget of their own, larger than sign-ins'. On the sign-in budget, ten
    /// sign-ins from one address (an app's users behind one carrier address) stopped every refresh there, signing the
    /// app out (an outside review, session 45); a refresh token cannot be guessed, so this only stops floods.
    /// </summary>
    public WindowLimit Refresh { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };

    public WindowLimit Checkout { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Cart changes per address: each anonymous add can create a cart row, so a script must not make millions.</summary>
    public WindowLimit Cart { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Review writes and helpful votes per address: each one rewrites a product's rating and empties cached search pages.</summary>
    public WindowLimit Reviews { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };
    /// <summary>"Notify me when back" requests per address: each stores a row (and later one mail) for an address anyone can type.</summary>
    public WindowLimit BackInStock { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(1) };

    /// <summary>
    /// Renders of shared catalogue pages per address: pages the page cache did not have. Cached pages are not counted; a
    /// shopper makes a few renders a minute, a script asking for page after uncached page makes hundreds.
    /// </summary>
    public WindowLimit PageRenders { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };

    /// <summary>JSON API calls per token or signed-in user, else per address (login, search and orders count under their own limits above).</summary>
    public WindowLimit Api { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };

    public sealed class WindowLimit
    {
        public int PermitLimit { get; set; }
        public TimeSpan Window { get; set; }
    }
}
