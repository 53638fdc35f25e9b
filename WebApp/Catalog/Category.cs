namespace WebApp.Catalog;

public sealed class Category
{
    public int Id { get; set; }
    public int? ParentId { get; set; }
    public Category? Parent { get; set; }
    public List<Category> Children { get; set; } = [];
    public required string Name { get; set; }
    public required string Slug { get; set; }

    /// <summary>Hex colour (#rrggbb) used for the category's product placeholders and tiles.</summary>
    public required string Color { get; set; }
    public int SortOrder { get; set; }
}
