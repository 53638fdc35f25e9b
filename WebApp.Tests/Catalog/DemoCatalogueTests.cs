using System.Text.RegularExpressions;
using WebApp.Seeding;

namespace WebApp.Tests.Catalog;

/// <summary>The generated demo catalogue reads like real listings: every product uses its own category's words.</summary>
public sealed class DemoCatalogueTests
{
    private const int Sample = 30_000;

    private static readonly List<SeedProduct> s_products = Generate(Sample);

    private static List<SeedProduct> Generate(int count)
    {
        var generator = new ProductGenerator();
        return [.. Enumerable.Range(1, count).Select(i => generator.Next(i)).Select(p => p with { Reviews = [.. p.Reviews] })];
    }

    private static Dictionary<int, (Taxonomy.Department Department, Taxonomy.Leaf Leaf)> Leaves()
    {
        var categories = new ProductGenerator().Categories;
        var leaves = Taxonomy.Departments.SelectMany(d => d.Leaves.Select(l => (Department: d, Leaf: l))).ToList();
        return categories.Where(c => c.ParentId is not null).Select((c, i) => (c.Id, leaves[i])).ToDictionary(x => x.Id, x => x.Item2);
    }

    [Fact]
    public void Every_category_gets_products_named_with_its_own_nouns_attributes_and_variants()
    {
        var leaves = Leaves();
        var brands = new ProductGenerator().Brands.ToDictionary(b => b.Id, b => b.Name);
        var failures = new List<string>();
        foreach (var (categoryId, (department, leaf)) in leaves)
        {
            var products = s_products.Where(p => p.CategoryId == categoryId).ToList();
            Assert.True(products.Count > 100, $"{leaf.Name} has only {products.Count} of {Sample} products");
            foreach (var p in products)
            {
                if (!leaf.Kinds.Any(k => NamePattern(department, k, brands[p.BrandId]).IsMatch(p.Name)))
                {
                    failures.Add($"{leaf.Name}: \"{p.Name}\"");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void Descriptions_use_their_own_category_features_and_never_another_category_words()
    {
        var leaves = Leaves();
        var featuresOf = leaves.ToDictionary(l => l.Key, l => l.Value.Leaf.Kinds.SelectMany(k => k.Features).ToHashSet(StringComparer.Ordinal));
        var usesOf = leaves.ToDictionary(l => l.Key, l => l.Value.Leaf.Kinds.SelectMany(k => k.Uses).ToHashSet(StringComparer.Ordinal));
        var failures = new List<string>();
        foreach (var (categoryId, (_, leaf)) in leaves)
        {
            var own = featuresOf[categoryId];
            var foreign = featuresOf.Where(f => f.Key != categoryId).SelectMany(f => f.Value).Where(f => !own.Contains(f) && !own.Any(o => o.Contains(f, StringComparison.Ordinal))).ToHashSet(StringComparer.Ordinal);
            foreach (var p in s_products.Where(p => p.CategoryId == categoryId).Take(400))
            {
                if (!own.Any(f => p.Description.Contains(f, StringComparison.Ordinal))) failures.Add($"{leaf.Name}: no own feature in \"{p.Description}\"");
                if (!usesOf[categoryId].Any(u => p.Description.Contains(u, StringComparison.Ordinal))) failures.Add($"{leaf.Name}: no own use in \"{p.Description}\"");
                if (foreign.FirstOrDefault(f => p.Description.Contains(f, StringComparison.Ordinal)) is { } stray) failures.Add($"{leaf.Name}: \"{stray}\" in \"{p.Description}\"");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Theory]
    [InlineData("Fountain Pen")]
    [InlineData("lumbar support", "Desks & Chairs")]
    [InlineData("Bluetooth", "Headphones")]
    [InlineData("Coffee Beans, Rose")]
    [InlineData(", Size ", "Men's Clothing", "Women's Clothing", "Running", "Water Sports", "Dogs")]
    [InlineData(" g", "Coffee & Tea", "Snacks")]
    public void Words_that_belong_to_one_kind_of_product_appear_only_there(string words, params string[] onlyIn)
    {
        var leaves = Leaves();
        var strays = s_products.Where(p => (p.Name + " " + p.Description).Contains(words, StringComparison.Ordinal)
                && (words != " g" || p.Name.EndsWith(" g", StringComparison.Ordinal)))
            .Select(p => leaves[p.CategoryId].Leaf.Name).Where(c => !onlyIn.Contains(c)).Distinct().ToList();

        Assert.Empty(strays);
    }

    [Fact]
    public void The_generator_is_deterministic_and_ratings_are_the_averages_of_the_demo_reviews()
    {
        var again = Generate(2_000);

        Assert.Equal(s_products.Take(2_000).Select(Key), again.Select(Key));
        foreach (var p in s_products)
        {
            Assert.Equal(p.Reviews.Count, p.RatingCount);
            Assert.Equal(p.Reviews.Count == 0 ? 0 : p.Reviews.Average(r => (double)r.Stars), p.RatingAverage, 9);
            Assert.All(p.Reviews, r => Assert.InRange(r.CreatedAt, p.CreatedAt, ProductGenerator.CatalogueEpoch));
        }
        Assert.InRange(s_products.Sum(p => p.Reviews.Count) / (double)Sample, 0.8, 2.0);

        static string Key(SeedProduct p) => $"{p.Name}|{p.Description}|{p.PriceCents}|{p.Stock}|{p.RatingAverage}|{string.Join(";", p.Reviews.Select(r => r.Title + r.Body + r.Stars))}";
    }

    /// <summary>Brand, an optional attribute, the noun, a model code where the kind has one, then one value per variant dimension.</summary>
    private static Regex NamePattern(Taxonomy.Department department, Taxonomy.Kind kind, string brand)
    {
        static string AnyOf(IEnumerable<string> words) => "(?:" + string.Join("|", words.Select(Regex.Escape)) + ")";
        var variants = string.Concat(kind.Variants.Select(v => ", " + AnyOf(v)));
        var pattern = department.NamedByTitle
            ? $"^The [A-Z][a-z]+ [A-Z][a-z]+: An? {AnyOf(kind.Nouns)}{variants}$"
            : $"^{Regex.Escape(brand)} (?:{AnyOf(kind.Attributes)} )?{AnyOf(kind.Nouns)}{(kind.ModelCode ? " [A-Z][0-9]{2,3}" : "")}{variants}$";
        return new Regex(pattern, RegexOptions.CultureInvariant);
    }
}
