using WebApp.Catalog;

namespace WebApp.Seeding;

/// <summary>
/// Makes the demo catalogue. Everything comes from one fixed-seed <see cref="Random"/> consumed in order, so product k is
/// the same whatever N is: seeding 1,000 and seeding 1,000,000 share their first 1,000 products.
/// </summary>
internal sealed class ProductGenerator
{
    public const int RandomSeed = 20261127;
    public const int BrandsPerDepartment = 8;

    // A fixed "now" keeps created dates deterministic; products are spread over the two years before it.
    public static readonly DateTime CatalogueEpoch = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] s_titleA = ["Silent", "Hidden", "Last", "Northern", "Golden", "Broken", "Secret", "Winter", "Distant", "Burning", "Paper", "Salt"];
    private static readonly string[] s_titleB = ["River", "Garden", "Harbour", "Kingdom", "Letters", "Orchard", "Lighthouse", "Summer", "Journey", "Archive", "Island", "Forest"];
    private static readonly string[] s_closings =
    [
        "Backed by a two-year warranty.",
        "Ships in plain, recyclable packaging.",
        "A customer favourite, reordered again and again.",
        "Free returns within 30 days.",
        "Designed in-house and tested by our team.",
    ];

    private readonly Random _random = new(RandomSeed);
    private readonly (Taxonomy.Department Department, Taxonomy.Leaf Leaf, int DepartmentId, int CategoryId)[] _leaves;

    public IReadOnlyList<SeedCategory> Categories { get; }
    public IReadOnlyList<SeedBrand> Brands { get; }

    public ProductGenerator()
    {
        var categories = new List<SeedCategory>();
        var leaves = new List<(Taxonomy.Department, Taxonomy.Leaf, int, int)>();
        var departments = Taxonomy.Departments;
        var nextLeafId = departments.Length + 1;
        for (var d = 0; d < departments.Length; d++)
        {
            var department = departments[d];
            var departmentId = d + 1;
            categories.Add(new SeedCategory(departmentId, null, department.Name, Slug.From(department.Name), department.Color, d));
            for (var l = 0; l < department.Leaves.Length; l++)
            {
                var leaf = department.Leaves[l];
                var id = nextLeafId++;
                categories.Add(new SeedCategory(id, departmentId, leaf.Name, Slug.From(leaf.Name), department.Color, l));
                leaves.Add((department, leaf, departmentId, id));
            }
        }
        Categories = categories;
        _leaves = [.. leaves];

        var brands = new List<SeedBrand>();
        var used = new HashSet<string>();
        var combo = 0;
        for (var i = 0; i < departments.Length * BrandsPerDepartment; i++)
        {
            string name;
            do
            {
                // Walk the stem x ending grid with a stride coprime to its size so neighbouring brands look unrelated.
                var n = combo++ * 37 % (Taxonomy.BrandStems.Length * Taxonomy.BrandEndings.Length);
                name = Taxonomy.BrandStems[n % Taxonomy.BrandStems.Length] + Taxonomy.BrandEndings[n / Taxonomy.BrandStems.Length];
            }
            while (!used.Add(name));
            brands.Add(new SeedBrand(i + 1, name, Slug.From(name)));
        }
        Brands = brands;
    }

    public SeedProduct Next(int id)
    {
        var r = _random;
        var (department, leaf, departmentId, categoryId) = _leaves[r.Next(_leaves.Length)];
        var departmentIndex = departmentId - 1;
        var brand = Brands[departmentIndex * BrandsPerDepartment + r.Next(BrandsPerDepartment)];
        var noun = Pick(r, leaf.Nouns);
        var adjective = Pick(r, department.Adjectives);

        string name;
        if (department.Code == "BK")
        {
            name = $"The {Pick(r, s_titleA)} {Pick(r, s_titleB)}: {adjective} {noun}";
        }
        else
        {
            var model = $"{(char)('A' + r.Next(26))}{r.Next(10, 999)}";
            name = r.Next(3) == 0
                ? $"{brand.Name} {adjective} {noun} {model}"
                : $"{brand.Name} {adjective} {noun} {model}, {Pick(r, Taxonomy.Colours)}";
        }

        var feature1 = Pick(r, department.Features);
        var feature2 = Pick(r, department.Features);
        var material = Pick(r, department.Materials);
        var use = Pick(r, department.Uses);
        var description = r.Next(3) switch
        {
            0 => $"The {name} brings {feature1} and {feature2} to {use}. Made from {material}, it is built to last. {Pick(r, s_closings)}",
            1 => $"Meet the {noun.ToLowerInvariant()} made for {use}: {feature1}, {material} and {feature2}. {Pick(r, s_closings)}",
            _ => $"{brand.Name} designed this {adjective.ToLowerInvariant()} {noun.ToLowerInvariant()} around {feature1}. Crafted from {material} with {feature2}, it is ideal for {use}. {Pick(r, s_closings)}",
        };

        // Prices cluster towards the low end of a category's range, and end in .99 like real shelf prices.
        var span = leaf.MaxPrice - leaf.MinPrice;
        var dollars = leaf.MinPrice + (int)(span * Math.Pow(r.NextDouble(), 2.2));
        var priceCents = (long)dollars * 100 + 99;

        var stockRoll = r.Next(100);
        var stock = stockRoll switch
        {
            < 5 => 0,
            < 15 => r.Next(1, 6),
            _ => r.Next(6, 500),
        };

        var ratingCount = r.Next(10) == 0 ? 0 : (int)(Math.Pow(r.NextDouble(), 3) * 4000) + r.Next(1, 40);
        var ratingAverage = ratingCount == 0 ? 0 : Math.Round(Math.Clamp(4.1 + (r.NextDouble() - 0.6) * 2.2, 1.0, 5.0), 1);
        var created = CatalogueEpoch.AddMinutes(-r.Next(0, 2 * 365 * 24 * 60));

        var sku = $"{department.Code}-{id:D8}";
        return new SeedProduct(id, sku, name, Slug.From(name), description, priceCents, stock, ratingAverage, ratingCount,
            created, brand.Id, categoryId, departmentId);
    }

    private static string Pick(Random r, string[] values) => values[r.Next(values.Length)];
}
