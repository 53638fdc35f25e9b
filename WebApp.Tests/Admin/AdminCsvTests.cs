using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

public sealed class AdminCsvTests(AdminStore store) : IClassFixture<AdminStore>
{
    private const string Header = "Sku,Name,Description,Price,Stock,Active,Category,Brand";

    [Fact]
    public async Task Product_export_is_excel_friendly_quoted_formula_safe_and_dated()
    {
        var (category, brand) = await LeafAndBrandAsync();
        var sku = Sku("EXP");
        await ImportAsync(await store.AdminClientAsync(), $"{Header}\n{sku},\"=HYPERLINK(\"\"http://evil\"\")\",\"@SUM(A1)\",12.50,3,true,{category},{brand}\n");

        var admin = await store.AdminClientAsync();
        using var response = await admin.GetAsync("/admin/products/export");
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal($"attachment; filename=\"products-{DateTime.UtcNow:yyyy-MM-dd}.csv\"", response.Content.Headers.ContentDisposition!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n");
        Assert.Equal("\"Sku\",\"Name\",\"Description\",\"Price\",\"Stock\",\"Active\",\"Category\",\"Brand\"", lines[0]);
        Assert.Equal(await ProductCountAsync() + 2, lines.Length);   // header, rows, and the empty string after the last CRLF
        Assert.Contains($"\"{sku}\",\"'=HYPERLINK(\"\"http://evil\"\")\",\"'@SUM(A1)\",\"12.50\",\"3\",\"true\",\"{category}\",\"{brand}\"", lines);
    }

    [Fact]
    public async Task Product_export_streams_the_first_rows_before_the_last_are_written()
    {
        var admin = await store.AdminClientAsync();
        using var response = await admin.GetAsync("/admin/products/export", HttpCompletionOption.ResponseHeadersRead);
        Assert.Null(response.Content.Headers.ContentLength);   // not buffered: no length known up front
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body, Encoding.UTF8);
        Assert.Equal("\"Sku\",\"Name\",\"Description\",\"Price\",\"Stock\",\"Active\",\"Category\",\"Brand\"", await reader.ReadLineAsync());
        Assert.StartsWith("\"", await reader.ReadLineAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_creates_and_updates_by_sku_and_the_new_products_are_found_by_search_at_once()
    {
        var (category, brand) = await LeafAndBrandAsync();
        var word = "Zorbulax" + Guid.NewGuid().ToString("N")[..6];
        var (newSku, existingSku) = (Sku("NEW"), await ExistingSkuAsync(1));
        var admin = await store.AdminClientAsync();
        // Search for the word first, so an empty answer is cached: the import must retire it.
        Assert.Empty(Html.ProductIds(await admin.GetDocumentAsync("/search?q=" + word)));

        var result = await ImportAsync(admin, Header + "\n"
            + $"{newSku},\"{word} Lamp, \"\"Deluxe\"\"\",\"Two lines:\nwarm light and a dimmer\",49.99,7,true,{category},{brand}\n"
            // A SKU in another case is the same product (it was a second one; an outside review, session 44).
            + $"{existingSku.ToLowerInvariant()},{word} Renamed Chair,Sturdy,15,2,true,{category},{brand}\n");
        Assert.Equal("1", Count(result, "created"));
        Assert.Equal("1", Count(result, "updated"));
        Assert.Equal("0", Count(result, "refused"));

        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var created = await db.Products.AsNoTracking().SingleAsync(p => p.Sku == newSku);
            Assert.Equal($"{word} Lamp, \"Deluxe\"", created.Name);
            Assert.Equal("Two lines:\nwarm light and a dimmer", created.Description.ReplaceLineEndings("\n"));
            Assert.Equal(4999, created.PriceCents);
            var updated = await db.Products.AsNoTracking().SingleAsync(p => p.Sku == existingSku);
            Assert.Equal(1500, updated.PriceCents);
            Assert.True(updated.Version > 0);
        }
        var found = Html.ProductIds(await admin.GetDocumentAsync("/search?q=" + word));
        Assert.Equal(2, found.Count);

        // The export writes the tricky product back so that importing it again changes nothing.
        var export = await admin.GetStringAsync("/admin/products/export");
        var row = export.Split("\r\n").Select((l, i) => (l, i)).First(x => x.l.StartsWith($"\"{newSku}\"", StringComparison.Ordinal));
        var again = await ImportAsync(admin, Header + "\n" + string.Join("\r\n", export.Split("\r\n").Skip(row.i).Take(2)) + "\n");
        Assert.Equal("1", Count(again, "unchanged"));
        Assert.Equal("0", Count(again, "refused"));
        // It says nothing changed: "the storefront and search show the changes now" (an outside review, session 51).
        Assert.Equal("Every row was read: the catalogue already matched them all, so nothing changed.", again.QuerySelector("[data-testid=import-done]")!.TextContent);
        Assert.Equal("Every row was imported. The storefront and search show the changes now.", result.QuerySelector("[data-testid=import-done]")!.TextContent);

        // Said as the counts are (session 52's review): a header alone read "every row was read"; every row refused,
        // "the valid rows were".
        var headerOnly = await ImportAsync(admin, Header + "\n");
        Assert.Equal("The file has its first line of column names and no rows under it, so nothing was imported.", headerOnly.QuerySelector("[data-testid=import-done]")!.TextContent);
        var allRefused = await ImportAsync(admin, $"{Header}\n{Sku("X1")},Thing,,abc,1,true,no-such,Brand\n");
        Assert.Contains("These rows were not imported, and no row was without a problem.", allRefused.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_keeps_search_in_step_renamed_products_found_by_new_words_not_old_and_hidden_ones_dropped()
    {
        var (category, brand) = await LeafAndBrandAsync();
        var (oldWord, newWord, hiddenWord) = (Word("Quillonar"), Word("Brevantix"), Word("Hushwell"));
        var (renamed, hidden) = (Sku("REN"), Sku("HID"));
        var admin = await store.AdminClientAsync();
        await ImportAsync(admin, $"{Header}\n{renamed},{oldWord} Kettle,Steel {oldWord},20,1,true,{category},{brand}\n{hidden},{hiddenWord} Mug,,5,1,true,{category},{brand}\n");
        Assert.Single(Html.ProductIds(await admin.GetDocumentAsync("/search?q=" + oldWord)));
        Assert.Single(Html.ProductIds(await admin.GetDocumentAsync("/search?q=" + hiddenWord)));

        var result = await ImportAsync(admin, $"{Header}\n{renamed},{newWord} Kettle,Steel,20,1,true,{category},{brand}\n{hidden},{hiddenWord} Mug,,5,1,false,{category},{brand}\n");
        Assert.Equal("2", Count(result, "updated"));
        Assert.Single(Html.ProductIds(await admin.GetDocumentAsync("/search?q=" + newWord)));
        Assert.Empty(Html.ProductIds(await admin.GetDocumentAsync("/search?q=" + oldWord)));
        Assert.Empty(Html.ProductIds(await admin.GetDocumentAsync("/search?q=" + hiddenWord)));

        await ImportAsync(admin, $"{Header}\n{hidden},{hiddenWord} Mug,,5,1,true,{category},{brand}\n");
        Assert.Single(Html.ProductIds(await admin.GetDocumentAsync("/search?q=" + hiddenWord)));

        // The index matches its content row for row, and the triggers that keep it so for ordinary edits are all there.
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        await db.Database.ExecuteSqlRawAsync("INSERT INTO ProductSearch(ProductSearch, rank) VALUES('integrity-check', 1)");
        var triggers = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Products' ORDER BY name").ToListAsync();
        Assert.Equal(["Products_search_delete", "Products_search_insert", "Products_search_update"], triggers);
    }

    [Fact]
    public async Task Import_of_a_mixed_file_applies_the_valid_rows_and_lists_the_others_by_line()
    {
        var (category, brand) = await LeafAndBrandAsync();
        var (good, bad1, bad2, dup) = (Sku("OK"), Sku("BADP"), Sku("BADC"), Sku("DUP"));
        var admin = await store.AdminClientAsync();
        var result = await ImportAsync(admin, $"""
            {Header}
            {good},Good Kettle,Boils,20,1,true,{category},{brand}
            {bad1},Bad Price,,-3,1,true,{category},{brand}
            {bad2},Bad Category,,5,1,true,no-such-category,{brand}
            {dup},Twice,,5,1,true,{category},{brand}
            {dup},Twice Again,,5,1,true,{category},{brand}
            ,No Sku,,5,1,maybe,{category},{brand}
            only,three,fields
            """);
        Assert.Equal("2", Count(result, "created"));   // good and the first of the duplicates
        Assert.Equal("5", Count(result, "refused"));
        var errors = result.QuerySelectorAll("[data-testid=import-errors] li").Select(li => li.TextContent).ToList();
        Assert.Contains(errors, e => e.StartsWith($"Line 3 (SKU {bad1}):", StringComparison.Ordinal) && e.Contains("negative", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"Line 4 (SKU {bad2}):", StringComparison.Ordinal) && e.Contains("no category 'no-such-category'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"Line 6 (SKU {dup}):", StringComparison.Ordinal) && e.Contains("earlier in the file", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Line 7:", StringComparison.Ordinal) && e.Contains("Enter a SKU", StringComparison.Ordinal) && e.Contains("Active", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Line 8:", StringComparison.Ordinal) && e.Contains("3 fields", StringComparison.Ordinal));
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        Assert.True(await db.Products.AnyAsync(p => p.Sku == good));
        Assert.False(await db.Products.AnyAsync(p => p.Sku == bad1 || p.Sku == bad2));
    }

    [Fact]
    public async Task A_row_of_megabytes_is_refused_by_its_fields_and_the_rows_before_it_are_imported()
    {
        var (category, brand) = await LeafAndBrandAsync();
        var (good, huge) = (Sku("BEFORE"), Sku("HUGE"));
        var admin = await store.AdminClientAsync();
        // Over the reader's old 1 MB limit, last in the file: the import stopped part-way, naming no line, and the row
        // before it was not imported (an outside review, session 50).
        var result = await ImportAsync(admin, $"{Header}\n{good},Fine Kettle,Boils,20,1,true,{category},{brand}\n{huge},{new string('A', 2_000_000)},d,5,1,true,{category},{brand}\n");

        Assert.Equal("1", Count(result, "created"));
        Assert.Equal("1", Count(result, "refused"));
        var error = Assert.Single(result.QuerySelectorAll("[data-testid=import-errors] li")).TextContent;
        Assert.StartsWith($"Line 3 (SKU {huge}):", error, StringComparison.Ordinal);
        Assert.Contains("200 characters", error, StringComparison.Ordinal);
        Assert.NotEqual(0, await ProductIdAsync(good));

        // A cell of megabytes named in the report is cut short: a SKU's was echoed whole, a 38 MB page for 18 such rows
        // (session 50's second review); a category's likewise.
        var echoed = await ImportAsync(admin, $"{Header}\n{new string('S', 1_500_000)},Kettle,d,5,1,true,{category},{brand}\n{Sku("CAT")},Kettle,d,5,1,true,{new string('c', 1_000_000)},{brand}\n");
        var errors = echoed.QuerySelectorAll("[data-testid=import-errors] li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"Line 2 (SKU {new string('S', 32)}... (1,500,000 characters)):", errors[0], StringComparison.Ordinal);
        Assert.Contains($"There is no category '{new string('c', 60)}... (1,000,000 characters)'", errors[1], StringComparison.Ordinal);
        Assert.True(echoed.Source.Text.Length < 200_000, $"the report is {echoed.Source.Text.Length:N0} characters");
    }

    [Fact]
    public async Task A_refused_row_after_a_description_with_paragraphs_names_its_spreadsheet_row_and_sku()
    {
        var (category, brand) = await LeafAndBrandAsync();
        var (long1, bad) = (Sku("PARA"), Sku("BADR"));
        var admin = await store.AdminClientAsync();
        var result = await ImportAsync(admin, $"{Header}\n{long1},Paragraphs,\"One.\n\nTwo.\n\nThree.\",5,1,true,{category},{brand}\n{bad},Bad Price,,abc,1,true,{category},{brand}\n");

        // "Line 7" alone was row 3 in the owner's spreadsheet (an outside review, session 45).
        var error = Assert.Single(result.QuerySelectorAll("[data-testid=import-errors] li")).TextContent;
        Assert.StartsWith($"Line 7 (row 3 in a spreadsheet, SKU {bad}): Enter a price", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_whose_quotes_do_not_match_up_is_refused_once_with_the_lines_it_swallowed()
    {
        // An unclosed quote on line 3 read the lines after it into that row: it was refused twice (for its quotes and
        // its field count), so "refused" exceeded "rows read", and the lines it took in were never named (an outside
        // review, session 44).
        var (category, brand) = await LeafAndBrandAsync();
        var admin = await store.AdminClientAsync();
        var (bad, bad2) = (Sku("QBAD"), Sku("QBAD2"));
        var result = await ImportAsync(admin, $"""
            {Header}
            {Sku("QOK")},Good Kettle,Boils,20,1,true,{category},{brand}
            {bad},"Open Quote Kettle,Boils,20,1,true,{category},{brand}
            {Sku("QA")},Lost One,Boils,20,1,true,{category},{brand}
            {Sku("QB")},Lost Two,Boils,20,1,true,{category},{brand}
            """);

        var (read, created, refused) = (int.Parse(Count(result, "rows")), int.Parse(Count(result, "created")), int.Parse(Count(result, "refused")));
        Assert.Equal((1, 1), (created, refused));
        Assert.Equal(read, created + refused);
        var error = Assert.Single(result.QuerySelectorAll("[data-testid=import-errors] li").Select(li => li.TextContent.Trim()));
        Assert.StartsWith($"Lines 3-5 (SKU {bad}):", error, StringComparison.Ordinal);
        Assert.Contains("a quote is opened and never closed", error, StringComparison.Ordinal);

        // The same file ending with a line break: still lines 3 to 5 (it said 3-6; a second review, session 44).
        var ended = await ImportAsync(admin, $"""
            {Header}
            {Sku("QOK2")},Good Kettle,Boils,20,1,true,{category},{brand}
            {bad2},"Open Quote Kettle,Boils,20,1,true,{category},{brand}
            {Sku("QA2")},Lost One,Boils,20,1,true,{category},{brand}
            {Sku("QB2")},Lost Two,Boils,20,1,true,{category},{brand}

            """);
        Assert.StartsWith($"Lines 3-5 (SKU {bad2}):", ended.QuerySelector("[data-testid=import-errors] li")!.TextContent.Trim(), StringComparison.Ordinal);

        // A text-direction override in a refused row's SKU is named by its code: echoed, it drew the rest of the report's
        // line backwards (session 49's review).
        var reversed = await ImportAsync(admin, $"{Header}\n\u202E{Sku("RLO")},Name \"q\" z,Boils,20,1,true,{category},{brand}\n\u202E{Sku("RL2")},Name,Boils,20,1,true,no-such-category,{brand}\n");
        var reports = reversed.QuerySelectorAll("[data-testid=import-errors] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.DoesNotContain('\u202E', r));
        Assert.All(reports, r => Assert.Contains("(SKU [U+202E]RL", r, StringComparison.Ordinal));
        // Marks and fillers that print nothing or a box are coded too: all a SKU may hold is printable ASCII.
        var hidden = await ImportAsync(admin, $"{Header}\n{Sku("CGJ")}\u034F,Name,Boils,20,1,true,{category},{brand}\nAB\uFE0F\U000E0041\u3164,Name,Boils,20,1,true,{category},{brand}\n");
        var coded = hidden.QuerySelectorAll("[data-testid=import-errors] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Contains(coded, r => r.Contains("[U+034F]", StringComparison.Ordinal));
        Assert.Contains(coded, r => r.Contains("(SKU AB[U+FE0F][U+E0041][U+3164])", StringComparison.Ordinal));

        // A quote opened in the SKU's own cell leaves nothing whole to name: the lines alone.
        var inSku = await ImportAsync(admin, $"{Header}\n\"{Sku("QS")},Open Quote,Boils,20,1,true,{category},{brand}\n");
        Assert.StartsWith("Line 2: the quotes", inSku.QuerySelector("[data-testid=import-errors] li")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_an_import_runs_the_import_page_links_to_its_progress()
    {
        // A second admin was told an import was running, with no way to see whose, or how far (session 52's review).
        // The test holds the write lock so the import waits at its first batch.
        var (category, brand) = await LeafAndBrandAsync();
        var admin = await store.AdminClientAsync();
        await using var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DatabasePath}");
        await blocker.OpenAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }
        var started = await UploadAsync(admin, Encoding.UTF8.GetBytes($"{Header}\n{Sku("RUN")},Running Lamp,,1,1,true,{category},{brand}\n"));
        var status = started.RequestMessage!.RequestUri!.AbsolutePath;

        var page = await admin.GetDocumentAsync("/admin/products/import");
        var running = page.QuerySelector("[data-testid=import-running]")!;
        Assert.Equal(status, running.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("products.csv", running.TextContent, StringComparison.Ordinal);

        await using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
        for (var i = 0; i < 300 && (await admin.GetAsync(status)).Headers.Contains("Refresh"); i++) await Task.Delay(100);
        Assert.Null((await admin.GetDocumentAsync("/admin/products/import")).QuerySelector("[data-testid=import-running]"));
    }

    [Fact]
    public async Task Two_new_brands_of_one_web_name_refuse_the_second_row_and_the_rest_is_imported()
    {
        // "Omega Five" and "Omega-Five" both passed and the second's insert stopped the whole import, on every run of the
        // file (an outside review, session 52). One spelling in another letter case is the same brand.
        var (category, brand) = await LeafAndBrandAsync();
        var admin = await store.AdminClientAsync();
        var word = "Omegaq" + Guid.NewGuid().ToString("N")[..6];
        var (first, clash, sameInCaps, other) = (Sku("OM1"), Sku("OM2"), Sku("OM3"), Sku("OM4"));
        var done = await ImportAsync(admin, $"{Header}\n{first},One,,1,1,true,{category},{word} Five\n{clash},Two,,1,1,true,{category},{word}-Five\n"
            + $"{sameInCaps},Three,,1,1,true,{category},{word.ToUpperInvariant()} FIVE\n{other},Four,,1,1,true,{category},{brand}\n");

        var refused = Assert.Single(done.QuerySelectorAll("[data-testid=import-errors] li")).TextContent;
        Assert.Contains($"(SKU {clash}): Brand '{word}-Five' is new and its web name is that of '{word} Five', a new brand earlier in the file", refused, StringComparison.Ordinal);
        foreach (var sku in new[] { first, sameInCaps, other }) Assert.True(await ProductIdAsync(sku) > 0);
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WebApp.Data.StoreDbContext>();
        Assert.Equal(1, await db.Brands.CountAsync(b => b.Name.ToLower() == (word + " five").ToLower()));
    }

    [Fact]
    public async Task Import_is_audited_with_its_counts_and_each_product_it_made_or_changed()
    {
        var (category, brand) = await LeafAndBrandAsync();
        var adminEmail = StoreFactory.NewEmail("importer");
        var admin = await store.SignedInClientAsync(adminEmail, role: WebApp.Accounts.Roles.Admin);
        var newBrand = "Brandnew " + Guid.NewGuid().ToString("N")[..8];
        var (a, b) = (Sku("A"), Sku("B"));
        await ImportAsync(admin, $"{Header}\n{a},One,,1,1,true,{category},{brand}\n{b},Two,,1,1,true,{category},{newBrand}\n{Sku("C")},Three,,x,1,true,{category},{brand}\n");

        var log = await admin.GetDocumentAsync("/admin/audit?email=" + Uri.EscapeDataString(adminEmail));
        var all = log.QuerySelectorAll("tbody tr");
        // The brand it made is audited as the product form's new brand is (it was only a count; session 52's review).
        var made = all.Where(r => r.QuerySelector("td[data-label=Action]")!.TextContent == "Created").ToList();
        var brandRow = Assert.Single(made);
        Assert.Equal("Brand", brandRow.QuerySelector("td[data-label=Entity]")!.TextContent.Trim());
        Assert.Contains(newBrand, brandRow.TextContent, StringComparison.Ordinal);
        var rows = all.Except(made).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal("Imported", r.QuerySelector("td[data-label=Action]")!.TextContent));
        Assert.Contains(rows, r => r.QuerySelector(".audit-new")?.TextContent == "created 2, updated 0, unchanged 0, refused 1, brands created 1");
        Assert.Equal(new[] { a, b }.Order(), rows.Select(r => r.QuerySelector(".audit-new")!.TextContent).Where(t => t == a || t == b).Order());

        // A later price change by import is on the product's own trail, as a form's save is (it was one line of counts).
        await ImportAsync(admin, $"{Header}\n{a},One,,2.50,1,true,{category},{brand}\n");
        var id = await ProductIdAsync(a);
        var trail = await admin.GetDocumentAsync($"/admin/audit?entity=Product&entityId={id}");
        var price = Assert.Single(trail.QuerySelectorAll("tbody tr"), r => r.QuerySelector("td[data-label=Field]")?.TextContent == "Price (cents)");
        Assert.Equal(("100", "250"), (price.QuerySelector(".audit-old")!.TextContent, price.QuerySelector(".audit-new")!.TextContent));
    }

    [Fact]
    public async Task An_import_leaves_the_stock_of_existing_products_unless_asked_and_a_stock_it_sets_is_an_adjustment()
    {
        var (category, brand) = await LeafAndBrandAsync();
        var admin = await store.AdminClientAsync();
        var sku = Sku("STK");
        await ImportAsync(admin, $"{Header}\n{sku},Stocked Lamp,,10.00,20,true,{category},{brand}\n");
        var id = await ProductIdAsync(sku);
        // Sold since the file was exported: 20 became 17.
        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Stock, 17));
        }

        // A price change from that file put the three sold units back (an outside review, session 45).
        var priced = await ImportAsync(admin, $"{Header}\n{sku},Stocked Lamp,,12.00,20,true,{category},{brand}\n");
        Assert.Equal("1", Count(priced, "updated"));
        Assert.Equal((1200L, 17), await PriceAndStockAsync(id));
        // And the page says the file's stock was not taken (it said "every row was imported"; session 52's review).
        Assert.StartsWith("1 product kept its stock, which differs from the file's", priced.QuerySelector("[data-testid=stock-kept]")!.TextContent, StringComparison.Ordinal);

        // A file without the Stock column is a price list; a new product in it starts with none.
        var newSku = Sku("NOSTK");
        await ImportAsync(admin, $"Sku,Name,Description,Price,Active,Category,Brand\n{sku},Stocked Lamp,,13.00,true,{category},{brand}\n{newSku},Unstocked Lamp,,5.00,true,{category},{brand}\n");
        Assert.Equal((1300L, 17), await PriceAndStockAsync(id));
        Assert.Equal(0, (await PriceAndStockAsync(await ProductIdAsync(newSku))).Stock);

        // Asked to (a stock count), it sets it, and the product's adjustments say so with the file's name.
        var counted = await ImportAsync(admin, $"{Header}\n{sku},Stocked Lamp,,13.00,25,true,{category},{brand}\n", setStock: true);
        Assert.Equal("1", Count(counted, "updated"));
        Assert.Null(counted.QuerySelector("[data-testid=stock-kept]"));
        Assert.Equal((1300L, 25), await PriceAndStockAsync(id));
        var edit = await admin.GetDocumentAsync($"/admin/products/{id}/edit");
        var adjustment = edit.QuerySelectorAll("td[data-label=Reason]").Select(c => c.TextContent).First();
        Assert.Equal("CSV import: products.csv", adjustment);
        Assert.Equal("+8", edit.QuerySelectorAll("td[data-label=Change]").Select(c => c.TextContent).First());

        // An empty stock cell leaves a product's stock, and a new one starts at 0: it was refused as "not a whole number"
        // (an outside review, session 48).
        var blankSku = Sku("BLANK");
        var blank = await ImportAsync(admin, $"{Header}\n{sku},Stocked Lamp,,14.00,,true,{category},{brand}\n{blankSku},Blank Lamp,,5.00, ,true,{category},{brand}\n", setStock: true);
        Assert.Equal(("1", "1"), (Count(blank, "updated"), Count(blank, "created")));
        Assert.Equal((1400L, 25), await PriceAndStockAsync(id));
        Assert.Equal(0, (await PriceAndStockAsync(await ProductIdAsync(blankSku))).Stock);
    }

    private async Task<int> ProductIdAsync(string sku)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Sku == sku).Select(p => p.Id).SingleAsync();
    }

    private async Task<(long PriceCents, int Stock)> PriceAndStockAsync(int id)
    {
        using var scope = store.Services.CreateScope();
        var product = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.AsNoTracking().SingleAsync(p => p.Id == id);
        return (product.PriceCents, product.Stock);
    }

    public static TheoryData<string, byte[], string> HostileFiles => new()
    {
        { "wrong header", Encoding.UTF8.GetBytes("Code,Title,Cost\nX1,Thing,3\n"), "The first line must name the columns" },
        { "UTF-16", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Header + "\nU1,Ünïcode,,1,1,true,x,y\n")], "UTF-16" },
        { "Latin-1", [.. Encoding.UTF8.GetBytes(Header + "\nL1,Caf"), 0xE9, .. Encoding.UTF8.GetBytes(",,1,1,true,x,y\n")], "not UTF-8" },
        { "a PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52], "not a text file" },
        { "empty", [], "That file is empty: choose a CSV file with a header row" },
        // The first Price was read and the second dropped, "every row imported" (an outside review, session 50).
        { "a column twice", Encoding.UTF8.GetBytes(Header + ",price\nD1,Thing,,5.00,1,true,x,y,500.00\n"), "The column Price is named more than once in the first line" },
        // Excel's "CSV" where the comma is the decimal mark: it was told the first line must name the columns, which it
        // does (session 52's review).
        { "semicolons", Encoding.UTF8.GetBytes(Header.Replace(',', ';') + "\nS1;Thing;;5,00;1;true;x;y\n"), "This file separates its columns with semicolons" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task Import_refuses_a_file_that_is_not_a_product_csv_with_a_clear_message_and_changes_nothing(string what, byte[] content, string message)
    {
        var before = await ProductCountAsync();
        var admin = await store.AdminClientAsync();
        var response = await UploadAsync(admin, content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        Assert.Contains(message, page.QuerySelector("[data-testid=import-problem]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal(before, await ProductCountAsync());
        Assert.NotNull(what);
    }

    [Fact]
    public async Task Import_refuses_a_50_MB_upload_with_a_clear_message()
    {
        var admin = await store.AdminClientAsync();
        var content = new byte[50 * 1024 * 1024];
        Encoding.UTF8.GetBytes(Header + "\n").CopyTo(content, 0);
        content.AsSpan(Header.Length + 1).Fill((byte)'a');
        var response = await UploadAsync(admin, content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 40 MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_export_streams_the_orders_of_a_date_range_and_refuses_a_reversed_one()
    {
        var admin = await store.AdminClientAsync();
        using var response = await admin.GetAsync("/admin/orders/export?from=2020-01-01&to=2020-12-31");
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment; filename=\"orders-2020-01-01-to-2020-12-31.csv\"", response.Content.Headers.ContentDisposition!.ToString());
        var text = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]);
        Assert.StartsWith("\"Order\",\"PlacedAt\",\"Status\"", text, StringComparison.Ordinal);

        var reversed = await admin.GetAsync("/admin/orders/export?from=2026-02-01&to=2026-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Contains("last day is before the first", await reversed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Sku(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20].ToUpperInvariant();

    private static string Word(string stem) => stem + Guid.NewGuid().ToString("N")[..6];

    private static string Count(IHtmlDocument result, string what) => result.QuerySelector($"[data-count={what}]")!.TextContent;

    private async Task<(string Category, string Brand)> LeafAndBrandAsync()
    {
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var leaf = await db.Categories.Where(c => c.ParentId != null && !db.Categories.Any(k => k.ParentId == c.Id)).OrderBy(c => c.Id).Select(c => c.Slug).FirstAsync();
        var brand = await db.Brands.OrderBy(b => b.Id).Select(b => b.Name).FirstAsync();
        return (leaf, brand);
    }

    private async Task<string> ExistingSkuAsync(int id)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Id == id).Select(p => p.Sku).SingleAsync();
    }

    [Fact]
    public async Task An_import_progress_page_sends_strangers_to_sign_in_and_refuses_customers()
    {
        var (category, brand) = await LeafAndBrandAsync();
        var admin = await store.AdminClientAsync();
        var uploaded = await UploadAsync(admin, Encoding.UTF8.GetBytes($"{Header}\n{Sku("ACL")},Matrix lamp,Lamp,9.99,1,true,{category},{brand}\n"));
        var status = uploaded.RequestMessage!.RequestUri!.PathAndQuery;
        Assert.StartsWith("/admin/products/import/", status, StringComparison.Ordinal);

        var anonymous = store.CreateBrowserlessClient();
        var redirect = await anonymous.GetAsync(status);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/account/login?", redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var customer = await store.SignedInClientAsync(StoreFactory.NewEmail("customer"));
        var refused = await customer.GetAsync(status);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("Matrix lamp", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ok = await admin.GetAsync(status);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("no-store", ok.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    private async Task<int> ProductCountAsync()
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.CountAsync();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient admin, byte[] content, bool setStock = false)
    {
        var page = await admin.GetDocumentAsync("/admin/products/import");
        var form = (IHtmlFormElement)page.QuerySelector("main form[enctype]")!;
        var token = ((IHtmlInputElement)form.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        using var body = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "file", "products.csv" },
        };
        if (setStock) body.Add(new StringContent("true"), "setStock");
        return await admin.PostAsync("/admin/products/import", body);
    }

    /// <summary>Uploads <paramref name="csv"/> and waits for the import's page to stop refreshing.</summary>
    private static async Task<IHtmlDocument> ImportAsync(HttpClient admin, string csv, bool setStock = false)
    {
        var response = await UploadAsync(admin, Encoding.UTF8.GetBytes(csv), setStock);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = response.RequestMessage!.RequestUri!;
        Assert.StartsWith("/admin/products/import/", status.AbsolutePath, StringComparison.Ordinal);
        for (var i = 0; i < 300; i++)
        {
            using var poll = await admin.GetAsync(status);
            if (!poll.Headers.Contains("Refresh")) return await Html.GetDocumentAsync(poll);
            await Task.Delay(100);
        }
        throw new TimeoutException("the import did not finish");
    }
}
