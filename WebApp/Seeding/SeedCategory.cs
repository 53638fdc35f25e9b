namespace WebApp.Seeding;

internal sealed record SeedCategory(int Id, int? ParentId, string Name, string Slug, string Color, int SortOrder);
