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

    // By stars (index 0 is one star). A review is a title, an opening, a sentence on one of the product's features or
    // uses, and a closing: hundreds of texts per kind of product, where a whole body picked from two to five per star
    // level gave a product with 89 reviews ten different texts, each written word for word by several shoppers (an
    // outside review, session 44). {0} is the product's noun in lower case, {1} a feature, {2} a use.
    private static readonly string[][] s_reviewTitles =
    [
        ["Disappointed", "Not as described", "Sent it back", "Would not buy again", "Poor quality", "Not worth it"],
        ["Not great", "Expected more", "Just about usable", "Could be better", "Average at best", "Let down by the details"],
        ["Does the job", "Fine for the price", "Mixed feelings", "Okay", "Decent, not special", "Good and bad"],
        ["Very good", "Happy with it", "Solid choice", "Recommended", "Good value", "Pleased overall", "Nearly perfect"],
        ["Excellent", "Love it", "Would buy again", "Better than expected", "Five stars", "Brilliant", "Exactly what I wanted", "Superb"],
    ];

    private static readonly string[][] s_reviewOpenings =
    [
        ["The {0} stopped being usable within a week.", "Looked nothing like the photos and felt flimsy.", "Really disappointed with this {0}.", "I wanted to like this {0}, but it did not work out."],
        ["The {0} works, but it feels cheaper than the price suggests.", "I had problems with this {0} from the first day.", "Not what I hoped for.", "It is usable, just about."],
        ["A decent {0}. Nothing special, nothing wrong.", "It does what it says.", "Middle of the road.", "Fine for occasional use.", "A fair {0} for the money."],
        ["A good {0} that arrived quickly and well packed.", "Well made and easy to live with.", "Replaced an older {0} with this one and it is a clear step up.", "Good value for money.", "Very happy with this {0}."],
        ["Exactly as described, and better made than I expected.", "Bought this {0} as a gift and ended up ordering one for myself.", "Great quality and arrived a day early.", "I read a lot of reviews before choosing this {0}, and I am glad I did.", "Really pleased with this {0}."],
    ];

    // A feature is a noun phrase that may start with "a" or be plural ("a storage insert", "hidden pockets"): never after
    // "The" nor before a verb that must agree ("The a new preface is fine", "The hidden pockets works"; a second outside
    // review, session 44).
    private static readonly string[][] s_reviewMiddles =
    [
        ["It was meant to come with {1}, but that was the first thing to let me down.", "Bought it for {2}; it was not up to it.", "Even with {1}, it felt like an afterthought."],
        ["It has {1}, though not as good as I had hoped.", "For {2} it is only so-so.", "It comes with {1}, but the rest lets it down."],
        ["It has {1}, which is handy.", "Good enough for {2}.", "It comes with {1}, as described, no more."],
        ["I like that it has {1}.", "Great for {2}.", "It comes with {1}, which I use more than I expected.", "We use it mostly for {2}, and it has held up well."],
        ["It has {1}, and that alone makes it worth it.", "Perfect for {2}.", "We use it for {2} and it is spot on.", "Having {1} is a real plus."],
    ];

    private static readonly string[][] s_reviewClosings =
    [
        ["Returned it.", "Would not recommend.", "Save your money.", "Customer service was helpful at least."],
        ["I would look elsewhere next time.", "Might suit someone less fussy.", "Not terrible, not good.", "Two stars for the quick delivery."],
        ["I would have liked a little more quality for the money.", "It will do for now.", "Okay if you keep your expectations in check.", ""],
        ["One small niggle, otherwise great.", "Took a day or two to get used to, now I would not swap it.", "I use it most days.", "Would recommend.", ""],
        ["Would buy again.", "Highly recommended.", "Everyone who has seen it wants one.", "No regrets.", "Third one I have bought: one for us, two as presents.", ""],
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
        var written = new HashSet<string>(StringComparer.Ordinal);
        var starsTotal = 0;
        if (reviewCount > 0)
        {
            var quality = 3.0 + r.NextDouble() * 1.9;
            var minutesOnSale = Math.Max(1, (int)(CatalogueEpoch - created).TotalMinutes);
            for (var i = 0; i < reviewCount; i++)
            {
                var stars = Math.Clamp((int)Math.Round(quality + (r.NextDouble() - 0.5) * 2.4), 1, 5);
                starsTotal += stars;
                var reviewer = Pick(r, s_reviewers);
                // Two draws of the catalogue's sequence, as the title and body picked from it took, seed the text, so
                // every product, price and rating after this one is the same as before.
                var (titleSeed, bodySeed) = (r.Next(), r.Next());
                var (title, body) = ReviewText(new Random(titleSeed ^ bodySeed), stars, plural ? "product" : nounText, kind, written);
                _reviews.Add(new SeedReview(reviewer, stars, title, body, created.AddMinutes(r.Next(minutesOnSale))));
            }
        }
        var ratingAverage = reviewCount == 0 ? 0 : (double)starsTotal / reviewCount;

        var sku = $"{department.Code}-{id:D8}";
        return new SeedProduct(id, sku, name, Slug.From(name), description, priceCents, stock, ratingAverage, reviewCount,
            created, brand.Id, categoryId, departmentId, _reviews);
    }

    private static string Pick(Random r, string[] values) => values[r.Next(values.Length)];

    /// <summary>A review's title and body, a body not yet <paramref name="written"/> for this product where a few tries find one.</summary>
    private static (string Title, string Body) ReviewText(Random text, int stars, string noun, Taxonomy.Kind kind, HashSet<string> written)
    {
        var level = stars - 1;
        var body = "";
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var middle = string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(text, s_reviewMiddles[level]), noun, Pick(text, kind.Features), Pick(text, kind.Uses));
            var opening = string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(text, s_reviewOpenings[level]), noun);
            body = string.Join(' ', new[] { opening, middle, Pick(text, s_reviewClosings[level]) }.Where(part => part.Length > 0));
            if (written.Add(body)) break;
        }
        return (Pick(text, s_reviewTitles[level]), body);
    }

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
