namespace WebApp.Seeding;

internal sealed record SeedBrand(int Id, string Name, string Slug);
