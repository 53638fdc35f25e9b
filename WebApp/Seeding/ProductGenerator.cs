using WebApp.Catalog;

namespace WebApp.Seeding;

/// <summary>
/// Makes the demo catalogue. Everything comes from one fixed-seed <see cref="Random"/> consumed in order, so product k is
/// the same whatever N is: seeding 1,000 and seeding 1,000,000 share their first 1,000 products. Words come from the
/// product's own kind in <see cref="Taxonomy"/>, never from a list shared across a department.
/// </summary>
internal sealed class ProductGenerator
{
    public const int RandomSeed = 20261127;
    public const int BrandsPerDepartment = 8;

    // A fixed "now" keeps created dates deterministic; products are spread over the two years before it.
    public static readonly DateTime CatalogueEpoch = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] s_titleA = ["Silent", "Hidden", "Last", "Northern", "Golden", "Broken", "Secret", "Winter", "Distant", "Burning", "Paper", "Salt"];
    private static readonly string[] s_titleB = ["River", "Garden", "Harbour", "Kingdom", "Letters", "Orchard", "Lighthouse", "Summer", "Journey", "Archive", "Island", "Forest"];

    private static readonly string[] s_reviewers =
        ["Maya R.", "Tom B.", "Priya S.", "Jonas K.", "Aisha M.", "Liam O.", "Sofia G.", "Daniel W.", "Chen L.", "Hannah P.",
         "Marco V.", "Grace T.", "Oliver N.", "Fatima A.", "Lucas D.", "Emma H.", "Noah F.", "Isla C.", "Ravi J.", "Zoe E."];

    // By stars (index 0 is one star). {0} is the product's noun in lower case.
    private static readonly string[][] s_reviewTitles =
    [
        ["Disappointed", "Not as described", "Sent it back"],
        ["Not great", "Expected more", "Just about usable"],
        ["Does the job", "Fine for the price", "Mixed feelings"],
        ["Very good", "Happy with it", "Solid choice"],
        ["Excellent", "Love it", "Would buy again", "Better than expected"],
    ];

    private static readonly string[][] s_reviewBodies =
    [
        ["The {0} stopped being usable within a week. Returned it.", "Looked nothing like the photos and felt flimsy. Would not recommend this {0}."],
        ["The {0} works, but the finish is rough and it feels cheaper than the price suggests.", "Some good ideas, but I had problems with this {0} from the first day."],
        ["A decent {0}. Nothing special, nothing wrong.", "It does what it says. I would have liked a little more quality for the money.", "Fine for occasional use. The photos make this {0} look a bit nicer than it is."],
        ["A good {0} that arrived quickly and well packed. One small niggle, otherwise great.", "Well made and easy to live with. I use this {0} most days.", "Replaced an older {0} with this one and it is a clear step up.", "Good value. Took a day or two to get used to, now I would not swap it."],
        ["Exactly as described. This {0} is better made than I expected for the price.", "Bought this {0} as a gift and ended up ordering one for myself.", "Great quality and arrived a day early. Very pleased.",
         "Third one I have bought: one for us, two as presents. Everyone loves theirs.", "I read a lot of reviews before choosing this {0}, and I am glad I did. No regrets."],
    ];

    private static readonly System.Buffers.SearchValues<char> s_lowerCase = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzé");

    private readonly Random _random = new(RandomSeed);
    private readonly (Taxonomy.Department Department, Taxonomy.Leaf Leaf, int DepartmentId, int CategoryId)[] _leaves;
    private readonly List<SeedReview> _reviews = [];

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

    /// <summary>The next product. Its <see cref="SeedProduct.Reviews"/> list is reused by the following call: copy it to keep it.</summary>
    public SeedProduct Next(int id)
    {
        var r = _random;
        var (department, leaf, departmentId, categoryId) = _leaves[r.Next(_leaves.Length)];
        var kind = leaf.Kinds.Length == 1 ? leaf.Kinds[0] : leaf.Kinds[r.Next(leaf.Kinds.Length)];
        var brand = Brands[(departmentId - 1) * BrandsPerDepartment + r.Next(BrandsPerDepartment)];
        var noun = Pick(r, kind.Nouns);
        var attribute = Pick(r, kind.Attributes);
        var nounText = Lower(noun);
        // "Chinos", "Running Tights", "Oat Crackers": no "a", and "these" not "this"; reviews speak of "the product".
        var plural = IsPlural(nounText);

        string baseName;
        if (department.NamedByTitle)
        {
            baseName = $"The {Pick(r, s_titleA)} {Pick(r, s_titleB)}";
        }
        else
        {
            var model = kind.ModelCode ? $" {(char)('A' + r.Next(26))}{r.Next(10, 999)}" : "";
            baseName = r.Next(4) == 0 ? $"{brand.Name} {noun}{model}" : $"{brand.Name} {attribute} {noun}{model}";
        }
        var name = department.NamedByTitle ? $"{baseName}: {Capitalise(Article(noun))} {noun}" : baseName;
        foreach (var dimension in kind.Variants) name += ", " + Pick(r, dimension);

        var features = kind.Features;
        var f1 = r.Next(features.Length);
        var f2 = (f1 + 1 + r.Next(features.Length - 1)) % features.Length;
        var f3 = (f2 + 1) % features.Length == f1 ? (f1 + 1) % features.Length : (f2 + 1) % features.Length;
        var use = Pick(r, kind.Uses);
        var closing = Pick(r, department.Closings);
        var attributeText = Lower(attribute);
        var description = r.Next(3) switch
        {
            0 when department.NamedByTitle => $"{baseName} is {Article(attributeText)} {attributeText} {nounText}, perfect for {use}. This edition has {features[f1]} and {features[f2]}. {closing}",
            0 => $"The {baseName} brings together {features[f1]} and {features[f2]}. Ideal for {use}. {closing}",
            1 when plural => $"{Capitalise(attributeText)} {nounText} with {features[f1]}, {features[f2]} and {features[f3]}. Made for {use}. {closing}",
            1 => $"{Capitalise(Article(attributeText))} {attributeText} {nounText} with {features[f1]}, {features[f2]} and {features[f3]}. Made for {use}. {closing}",
            _ => $"Designed for {use}, {(plural ? "these" : "this")} {nounText} from {brand.Name} offers {features[f1]} and {features[f2]}. {closing}",
        };

        // Prices cluster towards the low end of a kind's range, and end in .99 like real shelf prices.
        var span = kind.MaxPrice - kind.MinPrice;
        var dollars = kind.MinPrice + (int)(span * Math.Pow(r.NextDouble(), 2.2));
        var priceCents = (long)dollars * 100 + 99;

        var stockRoll = r.Next(100);
        var stock = stockRoll switch
        {
            < 5 => 0,
            < 15 => r.Next(1, 6),
            _ => r.Next(6, 500),
        };
        var created = CatalogueEpoch.AddMinutes(-r.Next(0, 2 * 365 * 24 * 60));

        // A few popular products with dozens of reviews, a third with a handful, the rest none: about 1.3 reviews a
        // product, so a million products stay a minute's seed. The product's rating is exactly that of its reviews.
        var reviewRoll = r.Next(100);
        var reviewCount = reviewRoll switch
        {
            0 => r.Next(50, 90),
            < 35 => r.Next(1, 4),
            _ => 0,
        };
        _reviews.Clear();
        var starsTotal = 0;
        if (reviewCount > 0)
        {
            var quality = 3.0 + r.NextDouble() * 1.9;
            var minutesOnSale = Math.Max(1, (int)(CatalogueEpoch - created).TotalMinutes);
            for (var i = 0; i < reviewCount; i++)
            {
                var stars = Math.Clamp((int)Math.Round(quality + (r.NextDouble() - 0.5) * 2.4), 1, 5);
                starsTotal += stars;
                _reviews.Add(new SeedReview(Pick(r, s_reviewers), stars, Pick(r, s_reviewTitles[stars - 1]),
                    string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(r, s_reviewBodies[stars - 1]), plural ? "product" : nounText),
                    created.AddMinutes(r.Next(minutesOnSale))));
            }
        }
        var ratingAverage = reviewCount == 0 ? 0 : (double)starsTotal / reviewCount;

        var sku = $"{department.Code}-{id:D8}";
        return new SeedProduct(id, sku, name, Slug.From(name), description, priceCents, stock, ratingAverage, reviewCount,
            created, brand.Id, categoryId, departmentId, _reviews);
    }

    private static string Pick(Random r, string[] values) => values[r.Next(values.Length)];

    /// <summary>A title-case phrase as it reads mid-sentence: "Vitamin D3 Drops" becomes "vitamin D3 drops", "LED" stays.</summary>
    internal static string Lower(string phrase)
    {
        var words = phrase.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            if (w.Length > 1 && w.AsSpan(1).ContainsAny(s_lowerCase)) words[i] = w.ToLowerInvariant();
        }
        return string.Join(' ', words);
    }

    private static bool IsPlural(string noun) =>
        noun.EndsWith('s') && !noun.EndsWith("ss", StringComparison.Ordinal) && !noun.EndsWith("us", StringComparison.Ordinal) && !noun.EndsWith("is", StringComparison.Ordinal);

    private static string Article(string word)
    {
        if (word.StartsWith("uni", StringComparison.OrdinalIgnoreCase) || word.StartsWith("eu", StringComparison.OrdinalIgnoreCase)) return "a";
        return "aeiouAEIOU8".Contains(word[0], StringComparison.Ordinal) || word.StartsWith("18 ", StringComparison.Ordinal) ? "an" : "a";
    }

    private static string Capitalise(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
