namespace WebApp.Seeding;

internal sealed record SeedProduct(int Id, string Sku, string Name, string Slug, string Description, long PriceCents, int Stock,
    double RatingAverage, int RatingCount, DateTime CreatedAt, int BrandId, int CategoryId, int DepartmentId);
