using WebApp.Catalog;

namespace WebApp.Pages.Admin.Products;

/// <summary>What the photo section of the edit page shows (also rendered alone when an upload is refused).</summary>
public sealed record PhotoPanel(int ProductId, string ProductName, IReadOnlyList<ProductPhoto> Photos, string? Error);
