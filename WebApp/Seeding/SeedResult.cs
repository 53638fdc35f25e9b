namespace WebApp.Seeding;

public sealed record SeedResult(int Products, int Categories, int Brands, TimeSpan Elapsed);
