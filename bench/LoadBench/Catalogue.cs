using System.Globalization;
using Microsoft.Data.Sqlite;

namespace WebApp.Bench;

/// <summary>What shoppers browse, read once from the store's database: product pages, departments, categories and search words.</summary>
public sealed record Catalogue(IReadOnlyList<string> ProductUrls, IReadOnlyList<string> Departments, IReadOnlyList<string> Categories, IReadOnlyList<string> Words, int DeepestPage)
{
    /// <summary>The products behind <see cref="ProductUrls"/>, for clients that order through the API.</summary>
    public IReadOnlyList<int> ProductIds() => [.. ProductUrls.Select(u => int.Parse(u.Split('/')[2], CultureInfo.InvariantCulture))];

    /// <summary>5,000 products in stock spread over the whole catalogue (fixed seed: the same every run), and the words of their names.</summary>
    public static Catalogue Read(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var random = new Random(42);
        using var max = connection.CreateCommand();
        max.CommandText = "SELECT max(Id) FROM Products";
        var top = Convert.ToInt32(max.ExecuteScalar(), CultureInfo.InvariantCulture);
        var picks = Enumerable.Range(0, 6_000).Select(_ => random.Next(1, top + 1)).Distinct();
        var urls = new List<string>();
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT Id, Slug, Name FROM Products WHERE IsActive = 1 AND Stock > 0 AND Id IN ({string.Join(',', picks)})";
            using var reader = command.ExecuteReader();
            while (reader.Read() && urls.Count < 5_000)
            {
                urls.Add($"/products/{reader.GetInt32(0)}/{reader.GetString(1)}");
                foreach (var word in reader.GetString(2).Split(' ', ',', ':', '-')) if (word.Length >= 3 && word.All(char.IsLetter)) words.Add(word.ToLowerInvariant());
            }
        }
        List<string> departments = [], categories = [];
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT Slug, ParentId IS NULL FROM Categories";
            using var reader = command.ExecuteReader();
            while (reader.Read()) (reader.GetBoolean(1) ? departments : categories).Add("/categories/" + reader.GetString(0));
        }
        // Deeper pages only where a category of average size has them (a small catalogue's page 19 is a 404).
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM Products WHERE IsActive = 1";
        var active = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        var deepest = (int)Math.Clamp(active / Math.Max(1, categories.Count) / 24, 1, 19);
        return new Catalogue(urls, departments, categories, [.. words.Order(StringComparer.Ordinal)], deepest);
    }
}
