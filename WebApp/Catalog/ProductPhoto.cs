namespace WebApp.Catalog;

/// <summary>
/// An uploaded product picture: the file lives under <c>App_Data/media</c> (never under wwwroot), named by this row,
/// checked by its content and re-encoded before it is stored. A product shows its primary photo, and the drawn
/// placeholder (<see cref="ProductImage"/>) only when it has none.
/// </summary>
public sealed class ProductPhoto
{
    public int Id { get; set; }
    public int ProductId { get; set; }

    /// <summary>The stored file's name under the media folder (random, with the extension of its real format).</summary>
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public long SizeBytes { get; set; }
    public bool IsPrimary { get; set; }
    public int SortOrder { get; set; }
    public DateTime CreatedAt { get; set; }
}
