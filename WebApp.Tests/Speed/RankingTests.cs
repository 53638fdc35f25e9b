using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Speed;

/// <summary>
/// Search expands long prefixes into the terms that exist and may answer an AND through bitmaps; both must find
/// exactly what FTS5 itself finds for the expression as written, newest first.
/// </summary>
public sealed class RankingTests(SearchStore store) : IClassFixture<SearchStore>
{
    private static readonly string[] s_expressions =
    [
        "(\"zephyrine\")",
        "(\"lamp\")",
        "(\"zephyrine\" AND \"lamp\")",
        "(\"zephyrine\" AND \"la\"*)",
        "(\"harbour\" AND \"bl\"*)",
        "(\"zephyrine\" OR \"vase\")",
        "(\"lamp\" OR \"cer\"*)",
        "(\"blue harbour\")",
        "(\"lamp\") NOT \"reading\"",
        "(\"zephyrine\" AND \"auro\"*)",
        "(\"crystal\" OR \"zephy\"*)",
    ];

    [Fact]
    public async Task Every_expression_finds_exactly_what_fts5_finds_newest_first()
    {
        await LoadTermsAsync();
        foreach (var expression in s_expressions)
        {
            var expected = await FtsAsync(expression);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, (await MatchesAsync(expression)).Ids);
        }
    }

    [Fact]
    public async Task A_long_prefix_expanded_into_its_terms_finds_the_same_products_newest_first()
    {
        await LoadTermsAsync();
        using var scope = store.Services.CreateScope();
        var index = scope.ServiceProvider.GetRequiredService<FullTextIndex>();
        foreach (var expression in new[] { "(\"zephyrine\" AND \"auro\"*)", "(\"crystal\" OR \"zephy\"*)", "{Name} : (\"zephy\"* AND \"lamp\")", "(\"harb\"*) NOT \"vase\"" })
        {
            var expected = await FtsAsync(expression);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await index.IdsAsync(expression, 1_000, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData("4096")]   // every word a bitmap: an expanded prefix's terms are OR'ed into one
    [InlineData("3")]      // the three commonest words bitmaps, the rest held lists: a prefix's terms mix both
    public async Task An_and_through_the_bitmaps_of_common_phrases_finds_exactly_what_fts5_finds_newest_first(string bitmapWords)
    {
        // Prefixes of 2 and 3 letters and words in 3+ products get bitmaps here ("la"*, "lam"*, "lamp"); longer prefixes
        // and phrases of several words are read from FTS5.
        using var bitmapped = store.WithWebHostBuilder(b => b.UseSetting("Search:BitmapFrom", "3").UseSetting("Search:BitmapMegabytes", "1")
            .UseSetting("Search:BitmapPrefixes", "4096").UseSetting("Search:BitmapWords", bitmapWords));
        await bitmapped.Services.GetRequiredService<TermIndex>().LoadAsync(CancellationToken.None);
        var held = bitmapped.Services.GetRequiredService<PhraseBitmaps>();
        using var scope = bitmapped.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        await db.Database.OpenConnectionAsync();
        var state = await TermIndex.StateAsync(db.Database.GetDbConnection(), CancellationToken.None);
        await db.Database.CloseConnectionAsync();
        foreach (var phrase in bitmapWords == "4096" ? ["\"la\"*", "\"lam\"*", "\"lamp\"", "\"harbour\""] : new[] { "\"la\"*", "\"lam\"*" })
        {
            Assert.True(held.Find(state, phrase) is { } bits && PhraseBitmaps.Count(bits) == (await FtsAsync(phrase)).Count, phrase);
        }

        string[] expressions =
        [
            "(\"harbour\" AND \"bl\"*)", "(\"zephyrine\" AND \"la\"*)", "(\"lamp\" AND \"la\"*)", "(\"la\"*)",
            "(\"zephyrine\" AND \"auro\"*)", "(\"blue harbour\" AND \"la\"*)", "{Name} : (\"zephyrine\" AND \"la\"*)", "(\"lamp\" AND \"la\"*) NOT \"reading\"",
            "(\"lamp\")", "(\"harbour\" AND \"lamp\")", "(\"zephyrine\" AND \"lam\"*)", "(\"harbour\" AND \"lam\"*)", "(\"lam\"*)",
            "(\"blue harbour\" AND \"lamp\")", "(\"lamp\" AND \"harb\"*)", "(\"harbour\" AND \"lamp\"*)", "(\"lamp\"*)", "(\"zephyrine\" AND \"cryst\"*)",
            // A word and its other number (SearchText.WithOtherNumbers), alone, beside words, prefixes and exclusions.
            "((\"lamp\" OR \"lamps\"))", "((\"lamp\" OR \"lamps\") AND \"harbour\")", "((\"lamp\" OR \"lamps\") AND \"la\"*) NOT \"reading\"",
            "((\"zephyrine\" OR \"zephyrines\") AND (\"lamp\" OR \"lamps\"))", "{Name} : ((\"lamp\" OR \"lamps\") AND \"harbour\")",
            "((\"harbour\" OR \"harbours\") AND \"bl\"*)",
            // Groups whose terms all exist: merged alone, retained in any of them beside other words and groups.
            "((\"lamp\" OR \"vase\"))", "((\"lamp\" OR \"vase\") AND (\"harbour\" OR \"crystal\"))", "(\"zephyrine\" AND (\"lamp\" OR \"vase\"))",
            "((\"zephyrine\" OR \"aurora\") AND \"la\"*)", "((\"crystal\" OR \"aurora\") AND (\"lamp\" OR \"vase\") AND \"zephyrine\")",
        ];
        foreach (var expression in expressions) await AnswersAsFts5Async(bitmapped.Services, expression);
    }

    [Fact]
    public async Task A_word_read_whole_into_the_match_cache_answers_its_ands_as_fts5_does_before_and_after_a_new_product()
    {
        // A store of its own: the product added below would change the shared one's index under the other tests.
        using var own = new SearchStore();
        await ((IAsyncLifetime)own).InitializeAsync();
        // Words without bitmaps or lists of their own, so each is read whole beside the prefixes' bitmaps.
        using var bitmapped = own.WithWebHostBuilder(b => b.UseSetting("Search:BitmapFrom", "3").UseSetting("Search:BitmapMegabytes", "1")
            .UseSetting("Search:BitmapWords", "0").UseSetting("Search:WordListMegabytes", "0"));
        var spelling = bitmapped.Services.GetRequiredService<SpellingVocabulary>();
        await spelling.CatchUpAsync();
        await bitmapped.Services.GetRequiredService<TermIndex>().LoadAsync(CancellationToken.None);
        Assert.InRange(spelling.Current.Documents("harbour"), 1, FullTextIndex.WholeListMax);
        string[] expressions = ["(\"harbour\" AND \"bl\"*)", "(\"lamp\" AND \"la\"*)", "{Name} : (\"lamp\" AND \"la\"*)"];

        async Task SameAsFts5()
        {
            // Twice: the first reads each word's list whole, the second answers from the cached list.
            for (var pass = 0; pass < 2; pass++)
            {
                foreach (var expression in expressions)
                {
                    using var scope = bitmapped.Services.CreateScope();
                    var index = scope.ServiceProvider.GetRequiredService<FullTextIndex>();
                    var expected = await FtsAsync(expression, bitmapped.Services);
                    Assert.NotEmpty(expected);
                    Assert.Equal(expected, await index.IdsAsync(expression, 1_000, CancellationToken.None));
                    Assert.Equal(expected.Take(1), await index.IdsAsync(expression, 1, CancellationToken.None));
                    Assert.Equal(expected.Where(id => id >= expected[^1]), await index.IdsAsync(expression, 1_000, CancellationToken.None, lowestId: expected[^1]));
                }
            }
        }

        await SameAsFts5();

        // A new product changes the catalogue: a list read whole before it must not answer after it.
        var added = await AddLampAsync(bitmapped.Services, "TS-WHOLE-01", "Harbour Bluebell Lamp", "Painted glass.");
        await bitmapped.Services.GetRequiredService<TermIndex>().LoadAsync(CancellationToken.None);
        await SameAsFts5();
        Assert.Contains(added, await FtsAsync(expressions[0], bitmapped.Services));
    }

    [Fact]
    public async Task An_and_of_words_without_bitmaps_or_held_lists_is_answered_from_their_cached_whole_lists_as_fts5_answers_it()
    {
        // A store of its own: the match cache's computations are counted from a cold start. No word lists are held, so
        // the words are read into the match cache.
        using var store = new SearchStore();
        await ((IAsyncLifetime)store).InitializeAsync();
        using var own = store.WithWebHostBuilder(b => b.UseSetting("Search:WordListMegabytes", "0"));
        await own.Services.GetRequiredService<SpellingVocabulary>().CatchUpAsync();
        await own.Services.GetRequiredService<TermIndex>().LoadAsync(CancellationToken.None);
        var cache = own.Services.GetRequiredService<SearchCache>();
        string[] expressions =
        [
            "(\"zephyrine\" AND \"lamp\")", "(\"lamp\" AND \"zephyrine\")", "(\"harbour\" AND \"lamp\")", "(\"zephyrine\" AND \"auro\"*)",
            "{Name} : (\"zephyrine\" AND \"lamp\")", "(\"crystal\" AND \"vase\")", "(\"zephyrine\" AND \"lamp\" AND \"harbour\")",
        ];

        async Task SameAsFts5()
        {
            foreach (var expression in expressions)
            {
                using var scope = own.Services.CreateScope();
                var index = scope.ServiceProvider.GetRequiredService<FullTextIndex>();
                var expected = await FtsAsync(expression, own.Services);
                Assert.Equal(expected, (await index.MatchesAsync(expression, CancellationToken.None)).Ids);
                Assert.Equal(expected.Take(2), await index.IdsAsync(expression, 2, CancellationToken.None));
                if (expected.Count > 1)
                {
                    Assert.Equal(expected.Where(id => id >= expected[^1]), await index.IdsAsync(expression, 1_000, CancellationToken.None, lowestId: expected[^1]));
                }
            }
        }

        Assert.NotEmpty(await FtsAsync(expressions[0], own.Services));
        Assert.NotEmpty(await FtsAsync(expressions[3], own.Services));

        // The first time a word is needed FTS5 answers; from the second, its whole list is read (once) and kept.
        using (var scope = own.Services.CreateScope())
        {
            var index = scope.ServiceProvider.GetRequiredService<FullTextIndex>();
            Assert.Equal(await FtsAsync(expressions[0], own.Services), (await index.MatchesAsync(expressions[0], CancellationToken.None)).Ids);
            Assert.Equal(0, cache.Computations("matches"));
            Assert.Equal(await FtsAsync(expressions[1], own.Services), (await index.MatchesAsync(expressions[1], CancellationToken.None)).Ids);
            Assert.Equal(2, cache.Computations("matches"));
        }
        await SameAsFts5();
        var read = cache.Computations("matches");
        Assert.InRange(read, 5, 14);   // every word (and term of "auro"*) in either column, once

        // Asked again, in any pairing, nothing is read from the index.
        await SameAsFts5();
        Assert.Equal(read, cache.Computations("matches"));
    }

    [Fact]
    public async Task Held_word_lists_answer_words_and_their_ands_as_fts5_does_read_nothing_and_are_not_used_for_a_changed_index()
    {
        // A store of its own: a product is added below, and the match cache's computations are counted from a cold start.
        using var own = new SearchStore();
        await ((IAsyncLifetime)own).InitializeAsync();
        await own.Services.GetRequiredService<SpellingVocabulary>().CatchUpAsync();
        var terms = own.Services.GetRequiredService<TermIndex>();
        await terms.LoadAsync(CancellationToken.None);
        var held = own.Services.GetRequiredService<PhraseBitmaps>();
        Assert.True(held.Lists.Words >= own.Services.GetRequiredService<SpellingVocabulary>().Current.Count, "every word of the small store is held");
        var cache = own.Services.GetRequiredService<SearchCache>();
        string[] expressions =
        [
            "(\"lamp\")", "(\"zephyrine\" AND \"lamp\")", "(\"harbour\" AND \"lamp\")", "(\"zephyrine\" AND \"auro\"*)",
            "(\"crystal\" AND \"vase\")", "(\"harbour\")", "(\"harb\"*)",
        ];

        async Task SameAsFts5()
        {
            foreach (var expression in expressions) await AnswersAsFts5Async(own.Services, expression);
        }

        await SameAsFts5();
        Assert.Equal(0, cache.Computations("matches"));   // nothing was read from the index for them

        // A new product changes the index: the lists held are of the old state and must not answer until reloaded.
        var added = await AddLampAsync(own.Services, "TS-HELD-01", "Zephyrine Harbour Lamp", "Crystal vase lamp.");
        await SameAsFts5();
        await terms.LoadAsync(CancellationToken.None);
        var reads = cache.Computations("matches");
        await SameAsFts5();
        Assert.Equal(reads, cache.Computations("matches"));
        using (var scope = own.Services.CreateScope())
        {
            var index = scope.ServiceProvider.GetRequiredService<FullTextIndex>();
            Assert.Equal(added, (await index.MatchesAsync(expressions[2], CancellationToken.None)).Ids[0]);
            // One held word is its list's head, no copy: the same ids, the newest first, added included.
            var lamp = await index.MatchesAsync(expressions[0], CancellationToken.None);
            Assert.NotNull(lamp.Head);
            Assert.Equal(await FtsAsync(expressions[0], own.Services), lamp.Ids);
            Assert.Equal(added, lamp.Ids[0]);
        }
    }

    [Fact]
    public void A_head_of_a_packed_list_is_its_newest_ids_up_to_the_count()
    {
        var list = PackedIds.Pack([900, 450, 449, 7, 0]);
        Assert.Equal([900, 450, 449], Matches.HeadOf(list, 3).Ids);
        var all = Matches.HeadOf(list, 10);
        Assert.Equal(5, all.Count);
        Assert.True(all.FromMemory);
        Assert.Equal([900, 450, 449, 7, 0], all.Ids);
        Assert.Equal([900, 450], list.Unpack(2));
        Assert.Equal(5, list.Unpack().Count);
    }

    [Fact]
    public async Task A_short_prefix_without_a_bitmap_is_worked_out_from_its_terms_held_lists_as_fts5_answers_it_reading_nothing()
    {
        // A store of its own: the match cache's computations are counted from a cold start. Its prefixes are in too few
        // products for bitmaps, and every word is held as a list.
        using var own = new SearchStore();
        await ((IAsyncLifetime)own).InitializeAsync();
        var spelling = own.Services.GetRequiredService<SpellingVocabulary>();
        await spelling.CatchUpAsync();
        var terms = own.Services.GetRequiredService<TermIndex>();
        await terms.LoadAsync(CancellationToken.None);
        var cache = own.Services.GetRequiredService<SearchCache>();
        // Two-letter prefixes by how many words they stand for: one of a few words (merged as lists) and the one of the
        // most (OR'ed into a bitmap), each after a common word and alone, and a three-letter one.
        var byTerms = spelling.Current.IndexTerms.Where(t => t.Length > 2 && t.All(char.IsAsciiLetter)).GroupBy(t => t[..2])
            .Select(g => (Prefix: g.Key, Terms: g.Count())).Where(p => p.Terms <= FullTextIndex.MaxHeldExpansion).OrderBy(p => p.Terms).ToList();
        async Task<string> WithLampAsync(IEnumerable<(string Prefix, int Terms)> prefixes)
        {
            foreach (var (prefix, _) in prefixes)
            {
                if ((await FtsAsync($"(\"lamp\" AND \"{prefix}\"*)", own.Services)).Count > 0) return prefix;
            }
            throw new InvalidOperationException("no such prefix in the test catalogue");
        }
        var few = await WithLampAsync(byTerms.Where(p => p.Terms is >= 2 and <= 4));
        var most = await WithLampAsync(byTerms.Where(p => p.Terms > 4).Reverse());
        string[] expressions =
        [
            $"(\"{most}\"*)", $"(\"lamp\" AND \"{most}\"*)", $"(\"{few}\"*)", $"(\"lamp\" AND \"{few}\"*)",
            "(\"zephyrine\" AND \"la\"*)", "(\"lamp\" AND \"har\"*)", "(\"vase\" AND \"cr\"*)",
        ];
        foreach (var expression in expressions) await AnswersAsFts5Async(own.Services, expression);
        Assert.Equal(0, cache.Computations("matches"));   // nothing was read from the index for them

        // A new product makes the held lists stale: FTS5 answers (its prefix index) until they are loaded again.
        var added = await AddLampAsync(own.Services, "TS-SHORT-01", "Zephyrine Lantern", "Crystal harbour lamp.");
        foreach (var expression in expressions[4..]) await AnswersAsFts5Async(own.Services, expression);
        await terms.LoadAsync(CancellationToken.None);
        foreach (var expression in expressions) await AnswersAsFts5Async(own.Services, expression);
        using var scope = own.Services.CreateScope();
        var index = scope.ServiceProvider.GetRequiredService<FullTextIndex>();
        Assert.Equal(added, (await index.MatchesAsync("(\"zephyrine\" AND \"la\"*)", CancellationToken.None)).Ids[0]);
    }

    [Fact]
    public async Task Prefix_expansion_and_spelling_read_the_vocabulary_once_for_the_index_as_it_is()
    {
        var spelling = store.Services.GetRequiredService<SpellingVocabulary>();
        await spelling.CatchUpAsync();
        await LoadTermsAsync();
        var words = spelling.Current;
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        await db.Database.OpenConnectionAsync();
        var state = await TermIndex.StateAsync(db.Database.GetDbConnection(), CancellationToken.None);

        Assert.Equal(state, words.State);
        Assert.Equal(["zephyrine"], store.Services.GetRequiredService<TermIndex>().Completions("zephy", state, 16)!);
        Assert.Equal(words.IndexTerms.Count(t => !t.Any(char.IsDigit)), words.Count);
        Assert.Equal((await FtsAsync("\"zephyrine\"")).Count, words.Documents("zephyrine"));
    }

    [Fact]
    public void Bitmaps_intersect_newest_first_within_the_range_asked()
    {
        var a = new ulong[3];
        var b = new ulong[2];
        foreach (var id in new[] { 1, 5, 64, 70, 127, 130 }) a[id >> 6] |= 1UL << (id & 63);
        foreach (var id in new[] { 5, 64, 70, 100, 127 }) b[id >> 6] |= 1UL << (id & 63);

        Assert.Equal([127, 70, 64, 5], PhraseBitmaps.Intersect([a, b], 10, null, null));
        Assert.Equal([70, 64], PhraseBitmaps.Intersect([a, b], 2, 127, null));
        Assert.Equal([127, 70, 64], PhraseBitmaps.Intersect([a, b], 10, null, 64));
        Assert.True(PhraseBitmaps.Has(a, 130));
        Assert.False(PhraseBitmaps.Has(b, 130));
        Assert.Equal(6, PhraseBitmaps.Count(a));
        Assert.Equal(5, PhraseBitmaps.Count(b));
    }

    [Fact]
    public void A_prefix_is_counted_in_at_most_the_products_of_its_terms()
    {
        var words = Vocabulary.From([("lamp", 40), ("lamps", 7), ("lantern", 12), ("lab", 3), ("vase", 9)]);
        Assert.Equal(47, words.DocumentsStartingWith("lamp"));
        Assert.Equal(12, words.DocumentsStartingWith("lan"));
        Assert.Equal(62, words.DocumentsStartingWith("la"));
        Assert.Equal(0, words.DocumentsStartingWith("zz"));
    }

    [Fact]
    public async Task A_change_to_the_index_is_searched_at_once()
    {
        await LoadTermsAsync();
        Assert.Empty((await MatchesAsync("(\"quillfeather\")")).Ids);

        int id;
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var template = await db.Products.AsNoTracking().OrderBy(p => p.Id).FirstAsync();
            var product = new Product
            {
                Sku = "TS-QUILL001", Name = "Quillfeather Zephyrine Lamp", Slug = "quillfeather-zephyrine-lamp", Description = "A lamp.",
                PriceCents = 1_999, Stock = 3, RatingAverage = 0, RatingCount = 0, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                BrandId = template.BrandId, CategoryId = template.CategoryId, DepartmentId = template.DepartmentId,
            };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            id = product.Id;
        }

        // The vocabulary loaded before the change is stale now ("quillf"* has a new completion); it must not be used.
        foreach (var expression in new[] { "(\"quillfeather\")", "(\"zephyrine\" AND \"lamp\")", "(\"zephyrine\" AND \"la\"*)", "(\"quillf\"*)" })
        {
            var found = await MatchesAsync(expression);
            Assert.Contains(id, found.Ids);
            Assert.Equal(await FtsAsync(expression), found.Ids);
        }
    }

    [Fact]
    public void The_phrases_of_an_expression_are_read_in_the_order_fts5_numbers_them()
    {
        var phrases = TermIndex.PhrasesOf("(\"ergonomic\" AND \"ho\"*) NOT \"desk\"")!;
        Assert.Equal(["\"ergonomic\"", "\"ho\"*", "\"desk\""], phrases.Select(p => p.Text));
        Assert.Equal([false, false, true], phrases.Select(p => p.Excluded));
        Assert.Equal("ho", phrases[1].Stem);

        var quoted = TermIndex.PhrasesOf("{Name} : (\"say \"\"hi\"\"\" OR \"blue harbour\")")!;
        Assert.Equal(["\"say \"\"hi\"\"\"", "\"blue harbour\""], quoted.Select(p => p.Text));

        // A word and its other number OR'ed together is one phrase of two terms, as a prefix expanded into its terms is.
        var group = TermIndex.PhrasesOf("((\"laptop\" OR \"laptops\") AND \"bag\") NOT (\"case\" OR \"cases\")")!;
        Assert.Equal(["(\"laptop\" OR \"laptops\")", "\"bag\"", "(\"case\" OR \"cases\")"], group.Select(p => p.Text));
        Assert.Equal(["laptop", "laptops"], group[0].Words!);
        Assert.Equal([false, false, true], group.Select(p => p.Excluded));
        Assert.Equal("laptop", group[0].Stem);
        Assert.False(group[0].IsPrefix);
        // Anything else in parentheses stays phrases of their own: a prefix, a phrase of several words, one word.
        Assert.Equal(2, TermIndex.PhrasesOf("((\"lamp\" OR \"la\"*))")!.Count);
        Assert.Equal(2, TermIndex.PhrasesOf("((\"lamp\" OR \"blue harbour\"))")!.Count);
        Assert.Null(TermIndex.PhrasesOf("((\"lamp\"))")![0].Words);

        Assert.Null(TermIndex.PhrasesOf("NEAR(\"a\" \"b\")"));
        Assert.Null(TermIndex.PhrasesOf("(\"unclosed"));
    }

    private async Task LoadTermsAsync() => await store.Services.GetRequiredService<TermIndex>().LoadAsync(CancellationToken.None);

    private async Task<Matches> MatchesAsync(string expression)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<FullTextIndex>().MatchesAsync(expression, CancellationToken.None);
    }

    /// <summary>
    /// The index in <paramref name="services"/> answers <paramref name="expression"/> exactly as FTS5 does: every match,
    /// the newest alone, and those from the oldest's id on; and FTS5 finds something for it.
    /// </summary>
    private async Task AnswersAsFts5Async(IServiceProvider services, string expression)
    {
        using var scope = services.CreateScope();
        var index = scope.ServiceProvider.GetRequiredService<FullTextIndex>();
        var expected = await FtsAsync(expression, services);
        Assert.True(expected.Count > 0, expression);
        Assert.Equal(expected, (await index.MatchesAsync(expression, CancellationToken.None)).Ids);
        Assert.Equal(expected, await index.IdsAsync(expression, 1_000, CancellationToken.None));
        Assert.Equal(expected.Take(1), await index.IdsAsync(expression, 1, CancellationToken.None));
        Assert.Equal(expected.Where(id => id >= expected[^1]), await index.IdsAsync(expression, 1_000, CancellationToken.None, lowestId: expected[^1]));
    }

    /// <summary>A new active product in the lighting category, in stock; its id.</summary>
    private static async Task<int> AddLampAsync(IServiceProvider services, string sku, string name, string description)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var lighting = await db.Categories.SingleAsync(c => c.Slug == "lighting");
        var now = DateTime.UtcNow;
        var product = new Product
        {
            Sku = sku, Name = name, Slug = Slug.From(name), Description = description, PriceCents = 4_999, Stock = 3,
            CreatedAt = now, UpdatedAt = now, BrandId = (await db.Brands.OrderBy(b => b.Id).FirstAsync()).Id, CategoryId = lighting.Id, DepartmentId = lighting.ParentId!.Value,
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product.Id;
    }

    /// <summary>FTS5's own answer for the expression as written: every matching id, newest first.</summary>
    private async Task<List<int>> FtsAsync(string expression, IServiceProvider? services = null)
    {
        using var scope = (services ?? store.Services).CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        await db.Database.OpenConnectionAsync();
        DbConnection connection = db.Database.GetDbConnection();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT rowid FROM ProductSearch WHERE ProductSearch MATCH $m ORDER BY rowid DESC";
        var p = cmd.CreateParameter();
        p.ParameterName = "$m";
        p.Value = expression;
        cmd.Parameters.Add(p);
        var ids = new List<int>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetInt32(0));
        return ids;
    }
}
