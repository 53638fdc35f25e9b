namespace WebApp.Seeding;

/// <summary>A demo product; its rating average and count are those of its <see cref="Reviews"/>.</summary>
internal sealed record SeedProduct(int Id, string Sku, string Name, string Slug, string Description, long PriceCents, int Stock,
    double RatingAverage, int RatingCount, DateTime CreatedAt, int BrandId, int CategoryId, int DepartmentId, IReadOnlyList<SeedReview> Reviews);
