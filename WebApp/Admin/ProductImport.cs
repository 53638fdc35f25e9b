using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Admin;

/// <summary>
/// Creates or updates products from a CSV file (the columns of <see cref="ProductCsv"/>), matched by SKU. Every row is
/// checked with <see cref="ProductDraft"/>, the edit form's rules, plus a category that exists (a subcategory, by slug)
/// and a brand (by name; a new name creates the brand). Valid rows are applied, refused ones reported by line: a file
/// with a few bad rows still loads the rest, which the page says.
/// Rows go in through prepared ADO.NET commands, a transaction per <see cref="BatchSize"/> rows, so the write lock is
/// released between batches and shoppers' orders get through. Each batch looks its SKUs up in one query and writes its
/// full-text rows set-based, with the Products search triggers (<c>Search/SearchSchema.cs</c>) set aside inside the
/// batch's transaction; an update that touches no searchable column leaves the index alone. Each update raises
/// the product's Version, so an edit form opened before the import gets a conflict instead of overwriting it. At the
/// end, the catalogue change is published once and the import is audited as one entry with its counts.
/// </summary>
public sealed class ProductImport(StoreDbContext db, AdminAudit audit, ICatalogChanges changes, BackInStockMails backInStock, TimeProvider clock, ILogger<ProductImport> logger)
{
    public const int BatchSize = 5_000;
    private const int BatchesPerCheckpoint = 4;
    public const long MaxFileBytes = 40 * 1024 * 1024;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Copies an upload to <paramref name="path"/>, refusing what is not a UTF-8 CSV with the product columns: the
    /// reason in the shop owner's words, or null when the file can be imported.
    /// </summary>
    public static async Task<string?> SaveCheckedAsync(Stream upload, string path, CancellationToken ct)
    {
        await using (var file = File.Create(path))
        {
            var decoder = s_strictUtf8.GetDecoder();
            var buffer = new byte[81920];
            var first = true;
            int read;
            while ((read = await upload.ReadAsync(buffer, ct)) > 0)
            {
                var span = buffer.AsSpan(0, read);
                if (first && read >= 2 && (span[0], span[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
                {
                    return "This file is saved as UTF-16 (Unicode text). Save it as \"CSV UTF-8 (comma delimited)\" and upload it again.";
                }
                first = false;
                if (span.Contains((byte)0)) return "This is not a text file. Upload the CSV file itself (not a spreadsheet or zip), saved as CSV UTF-8.";
                try
                {
                    decoder.GetCharCount(span, flush: false);
                }
                catch (DecoderFallbackException)
                {
                    return "This file is not UTF-8 text (perhaps Latin-1 or Windows-1252). Save it as \"CSV UTF-8 (comma delimited)\" and upload it again.";
                }
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
                if (file.Length > MaxFileBytes) return TooLarge;
            }
            try
            {
                decoder.GetCharCount([], flush: true);
            }
            catch (DecoderFallbackException)
            {
                return "This file is not UTF-8 text: it ends part-way through a character. Save it as \"CSV UTF-8 (comma delimited)\" and upload it again.";
            }
            if (file.Length == 0) return "The file is empty.";
        }

        await using var csv = CsvReader.Create(File.OpenRead(path), ReaderOptions);
        try
        {
            await csv.ReadHeaderAsync(ct);
        }
        catch (CsvFormatException)
        {
            return HeaderMessage;
        }
        // Excel writes "CSV" with semicolons where the comma is the decimal mark: the first line names the columns, one
        // field, and the message said it must name them (session 52's review).
        if (Columns(csv) is null) return csv.Headers.Count == 1 && csv.Headers[0].Split(';').Length >= 3 ? SemicolonMessage : HeaderMessage;
        return Twice(csv) is { } twice ? $"The column {twice} is named more than once in the first line: keep one and upload the file again. Nothing was imported." : null;
    }

    // A column named twice (Price, ..., Price) was read from the first and the second dropped without a word, the page
    // saying every row was imported (an outside review, session 50). The canonical spelling is shown, not the file's.
    private static string? Twice(CsvReader csv) =>
        ProductCsv.Columns.FirstOrDefault(c => csv.Headers.Count(h => string.Equals(h.Trim(), c, StringComparison.OrdinalIgnoreCase)) > 1);

    public static readonly string TooLarge = $"The file is larger than {MaxFileBytes / 1024 / 1024} MB. Split it into smaller files and import them one after another.";

    private const string SemicolonMessage =
        "This file separates its columns with semicolons, as Excel does in many countries. Save it as \"CSV UTF-8 (comma delimited)\" and upload it again. Nothing was imported.";

    private static readonly string HeaderMessage =
        $"The first line must name the columns: {string.Join(", ", ProductCsv.Columns)} (as an export writes them). Nothing was imported.";

    private static readonly CsvReaderOptions ReaderOptions = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        TrackLineNumbers = true,
        // As large as the file may be: a row over the reader's limit threw, stopping the whole import with no line named
        // and the rows before it in the batch not applied, while a row just under it is refused by its fields ("a name
        // has at most 200 characters"), as every row should be (an outside review, session 50).
        MaxRecordSize = (int)MaxFileBytes,
        TrimWhitespace = false,
    };

    /// <summary>
    /// Where each column is in this file (header names matched without case), or null when one is missing. Stock may
    /// be left out (-1): a price list need not carry it.
    /// </summary>
    private static int[]? Columns(CsvReader csv)
    {
        var headers = csv.Headers.Select(h => h.Trim()).ToList();
        var positions = new int[ProductCsv.Columns.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = headers.FindIndex(h => string.Equals(h, ProductCsv.Columns[i], StringComparison.OrdinalIgnoreCase));
            if (positions[i] < 0 && i != StockColumn) return null;
        }
        return positions;
    }

    private const int StockColumn = 4;

    private sealed record Row(long Line, string Sku, string Name, string Description, long PriceCents, int Stock, bool StockGiven, bool IsActive, int CategoryId, int DepartmentId, string Brand);

    private sealed record Existing(int Id, string Name, string Description, long PriceCents, int Stock, bool IsActive, int CategoryId, int BrandId);

    public async Task RunAsync(ProductImportJob job, ClaimsPrincipal admin, string path, CancellationToken ct)
    {
        var (leaves, departments) = await CategoriesAsync(ct);
        var brands = await db.Brands.AsNoTracking().ToDictionaryAsync(b => b.Name, b => b.Id, StringComparer.OrdinalIgnoreCase, ct);
        var brandSlugs = (await db.Brands.AsNoTracking().Select(b => b.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // New brands the file has named so far, by web name: two new spellings of one web name ("Omega Five",
        // "Omega-Five") both passed the check above and stopped the whole import at the second's insert, and again on
        // every run of the file (an outside review, session 52). One spelling in any letter case is one brand.
        var newBrandSlugs = new Dictionary<string, string>(StringComparer.Ordinal);
        var who = new Importer(WebApp.Accounts.CurrentShopper.UserIdOf(admin) ?? "(system)",
            admin.FindFirstValue(ClaimTypes.Email) ?? admin.Identity?.Name ?? "(system)", Guid.NewGuid().ToString("N"), job);
        var touched = new List<int>();
        var started = clock.GetTimestamp();
        var writing = TimeSpan.Zero;

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            // The seeder's trick: a large page cache while rows land in a big catalogue, so the index pages each batch
            // touches stay in memory instead of being read again from the file; handed back at the default below.
            await Exec(connection, "PRAGMA cache_size=-131072;", ct);
            // A batch dirties pages all over the Products indexes, and a checkpoint after every commit (SQLite's default)
            // copies them into the database file and syncs it each time. Checkpointing every few batches instead copies each
            // page once for several batches; SQLite's own checkpointing is handed back below.
            await Exec(connection, "PRAGMA wal_autocheckpoint=0;", ct);
            // A row whose quotes do not match up is refused once, where it is read, naming the lines it took in: refused
            // here too, it was counted twice (its quotes, then its fields), and the lines after an unclosed quote, read
            // into it, were never named (an outside review, session 44).
            (long Line, string Reason)? malformed = null;
            await using var csv = CsvReader.Create(File.OpenRead(path), ReaderOptions with
            {
                OnMalformedRecord = bad => malformed ??= (bad.LineNumber, bad.Reason.ToString() switch
                {
                    // The reader's names for what it found ("UnterminatedQuote") were shown as they are (a second review).
                    "UnterminatedQuote" => "a quote is opened and never closed",
                    "StrayQuote" => "a quote mark inside a value that does not start with one",
                    "TextAfterClosingQuote" => "text after a closing quote",
                    var other => other,
                }),
            });
            await csv.ReadHeaderAsync(ct);
            var at = (Twice(csv) is null ? Columns(csv) : null) ?? throw new InvalidDataException(HeaderMessage);
            var batch = new List<Row>(BatchSize);
            var batches = 0;
            while (await csv.ReadAsync(ct))
            {
                job.Rows++;
                job.BytesRead = csv.ByteOffset;
                var line = csv.LineNumber;
                if (malformed is var (from, reason))
                {
                    malformed = null;
                    // The reader numbers a row by its first line; the lines it took in are the line breaks inside its fields.
                    for (var field = 0; field < csv.FieldCount; field++) line += csv.GetString(field).Count(c => c == '\n');
                    // The file's last line break, read into a quote never closed, ends the last line rather than starting one.
                    if (csv.FieldCount > 0 && csv.GetString(csv.FieldCount - 1).EndsWith('\n')) line--;
                    // Named by its SKU too when that cell was read whole (left as found in session 48: the line alone).
                    var skuCell = at[0] >= 0 && at[0] < csv.FieldCount ? ProductCsv.Unescape(csv.GetString(at[0])).Trim() : "";
                    var named = skuCell.Length is > 0 and <= ProductDraft.SkuMaxLength && !skuCell.Any(c => c is '"' or '\n' or '\r') ? $" (SKU {Shown(ProductDraft.Stored(skuCell))})" : "";
                    job.Refuse(from, line > from
                        ? $"Lines {from}-{line}{named}: the quotes in line {from} do not match up ({reason}), so the lines after it were read as part of that row. Nothing in them was imported."
                        : $"Line {from}{named}: the quotes in this row do not match up ({reason}).");
                    continue;
                }
                if (csv.FieldCount != csv.Headers.Count)
                {
                    job.Refuse(line, $"Line {line}: {csv.FieldCount} fields where the header has {csv.Headers.Count}.");
                    continue;
                }
                string Cell(int column) => at[column] < 0 ? "0" : ProductCsv.Unescape(csv.GetString(at[column]));
                var draft = new ProductDraft
                {
                    Sku = ProductDraft.Stored(Cell(0)),
                    Name = Cell(1),
                    Description = Cell(2),
                    Price = Cell(3),
                    // An empty stock cell leaves a product's stock as it is, and a new one starts at 0, as without the
                    // column: it was refused as "not a whole number" beside an empty Active read as true (an outside
                    // review, session 48).
                    Stock = string.IsNullOrWhiteSpace(Cell(4)) ? "0" : Cell(4),
                };
                var stockGiven = !string.IsNullOrWhiteSpace(Cell(4));
                var (errors, priceCents, stock) = draft.Check();
                var problems = errors.Values.ToList();
                var active = ParseActive(Cell(5));
                if (active is null) problems.Add("Active must be true or false (or yes, no, 1, 0).");
                var categorySlug = Cell(6).Trim();
                var categoryId = 0;
                if (categorySlug.Length == 0) problems.Add("Enter a category (a subcategory's slug, as the export writes it).");
                else if (!leaves.TryGetValue(categorySlug, out categoryId))
                {
                    problems.Add(departments.Contains(categorySlug)
                        ? $"Category '{Shown(categorySlug, 60)}' is a department: file the product under one of its subcategories."
                        : $"There is no category '{Shown(categorySlug, 60)}' (use the category's slug, as the export writes it).");
                }
                var brand = Cell(7).Trim();
                if (brand.Length == 0) problems.Add("Enter a brand.");
                else if (brand.Length > 100) problems.Add("A brand name has at most 100 characters.");
                else if (brand.Any(WebApp.Checkout.PlainTextAttribute.IsRefused)) problems.Add("A brand name uses letters, digits, spaces and punctuation only (no control or text-direction characters).");
                else if (!brands.ContainsKey(brand) && (Slug.From(brand).Length == 0 || brandSlugs.Contains(Slug.From(brand))))
                {
                    problems.Add($"Brand '{brand}' is new and its web name clashes with another brand's (or is empty): use the existing brand's exact name.");
                }
                else if (!brands.ContainsKey(brand) && newBrandSlugs.TryGetValue(Slug.From(brand), out var spelled) && !string.Equals(spelled, brand, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"Brand '{brand}' is new and its web name is that of '{spelled}', a new brand earlier in the file: spell both the same way.");
                }
                var sku = draft.Sku!;
                if (problems.Count == 0 && !seen.Add(sku)) problems.Add($"SKU {Shown(sku)} appears earlier in the file.");
                if (problems.Count > 0)
                {
                    job.Refuse(line, $"{Where(line, job.Rows + 1, sku)}: {string.Join(" ", problems)}");
                    continue;
                }
                if (!brands.ContainsKey(brand)) newBrandSlugs.TryAdd(Slug.From(brand), brand);
                batch.Add(new Row(line, sku, draft.Name!.Trim(), draft.Description ?? "", priceCents, stock, stockGiven, active!.Value, categoryId, _departmentOf[categoryId], brand));
                if (batch.Count == BatchSize)
                {
                    var before = clock.GetTimestamp();
                    await ApplyAsync(connection, batch, brands, brandSlugs, who, touched, ct);
                    if (++batches % BatchesPerCheckpoint == 0) await Exec(connection, "PRAGMA wal_checkpoint(PASSIVE);", ct);
                    writing += clock.GetElapsedTime(before);
                    batch.Clear();
                }
            }
            var last = clock.GetTimestamp();
            if (batch.Count > 0) await ApplyAsync(connection, batch, brands, brandSlugs, who, touched, ct);
            writing += clock.GetElapsedTime(last);
            job.BytesRead = job.FileBytes;
        }
        finally
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await Exec(connection, SqlitePragmas.PageCache + " PRAGMA wal_autocheckpoint=1000; PRAGMA wal_checkpoint(PASSIVE);", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }

        // Once, after the last batch: a full re-read of the touched products' facts, and brands when some were made.
        var applied = clock.GetElapsedTime(started);
        if (touched.Count > 0 || job.BrandsCreated > 0)
        {
            await changes.PublishAsync(new CatalogChange { ProductIds = touched, Brands = job.BrandsCreated > 0 }, CancellationToken.None);
            await backInStock.SendDueAsync(touched, CancellationToken.None);
        }
        logger.LogInformation("Product import {ImportId}: {Rows} rows read and applied in {Applied} (writing {Writing}), published in {Published}",
            job.Id, job.Rows, applied, writing, clock.GetElapsedTime(started) - applied);
        audit.Record(admin, "Imported", nameof(Product), job.FileName, null, null,
            $"created {job.Created}, updated {job.Updated}, unchanged {job.Unchanged}, refused {job.Refused}, brands created {job.BrandsCreated}");
        await audit.SaveAsync(admin, CancellationToken.None);
    }

    /// <summary>
    /// Where a refused row is: its line in the file, its row in a spreadsheet when that differs (a description with line
    /// breaks takes several lines, one row), and its SKU. "Line 5" alone was row 3 in the owner's spreadsheet, after a
    /// product whose description had paragraphs (an outside review, session 45).
    /// </summary>
    private static string Where(long line, int row, string sku)
    {
        var also = new List<string>(2);
        if (row != line) also.Add($"row {row} in a spreadsheet");
        if (sku.Length > 0) also.Add($"SKU {Shown(sku)}");
        return also.Count == 0 ? $"Line {line}" : $"Line {line} ({string.Join(", ", also)})";
    }

    /// <summary>
    /// A SKU as the report names it: anything but printable ASCII (all a SKU may hold) as its code ("[U+202E]"). The
    /// report echoed a refused row's SKU as typed, and a right-to-left override in it drew the rest of the line
    /// backwards; a first mend coded control and format characters only, and a combining grapheme joiner, a variation
    /// selector, a tag character or a Hangul filler still showed as nothing or as a box (session 49's reviews).
    /// </summary>
    /// <remarks>
    /// At most <paramref name="max"/> characters, then how many there were: a SKU cell of megabytes was echoed whole, and
    /// a report of 18 such rows was a 38 MB page (session 50's second review). A category cell is named the same way.
    /// </remarks>
    internal static string Shown(string sku, int max = ProductDraft.SkuMaxLength)
    {
        var cut = sku.Length <= max ? sku : sku[..(char.IsHighSurrogate(sku[max - 1]) ? max + 1 : max)];
        var shown = cut.All(char.IsAsciiLetterOrDigit) ? cut
            : string.Concat(cut.EnumerateRunes().Select(r => r.Value is > ' ' and <= '~' ? r.ToString() : $"[U+{r.Value:X4}]"));
        return cut.Length < sku.Length ? $"{shown}... ({sku.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters)" : shown;
    }

    private Dictionary<int, int> _departmentOf = [];

    private async Task<(Dictionary<string, int> Leaves, HashSet<string> Departments)> CategoriesAsync(CancellationToken ct)
    {
        var all = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.ParentId, c.Slug }).ToListAsync(ct);
        var parents = all.Where(c => c.ParentId is not null).Select(c => c.ParentId!.Value).ToHashSet();
        var byId = all.ToDictionary(c => c.Id);
        _departmentOf = all.ToDictionary(c => c.Id, c =>
        {
            var root = c;
            while (root.ParentId is { } p) root = byId[p];
            return root.Id;
        });
        var leaves = all.Where(c => !parents.Contains(c.Id)).ToDictionary(c => c.Slug, c => c.Id, StringComparer.OrdinalIgnoreCase);
        var departments = all.Where(c => parents.Contains(c.Id)).Select(c => c.Slug).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return (leaves, departments);
    }

    private static bool? ParseActive(string text) => text.Trim().ToUpperInvariant() switch
    {
        "" or "TRUE" or "YES" or "Y" or "1" => true,
        "FALSE" or "NO" or "N" or "0" => false,
        _ => null,
    };

    /// <summary>Who imports, the audit change the import's rows share, and the job.</summary>
    private sealed record Importer(string UserId, string Email, string ChangeId, ProductImportJob Job);

    private async Task ApplyAsync(SqliteConnection connection, List<Row> batch, Dictionary<string, int> brands, HashSet<string> brandSlugs,
        Importer who, List<int> touched, CancellationToken ct)
    {
        var job = who.Job;
        var now = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        var newBrands = new List<string>();
        var stockKept = 0;
        // Each update sets only the columns whose values change: SQLite rewrites every index that names a set column
        // (or filters on one, as the partial indexes do on IsActive), wherever its entry sits. Prepared once per shape.
        var updates = new Dictionary<Changed, SqliteCommand>();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        try
        {
            // The per-row search triggers cost several times the row writes; the batch's index rows are written set-based
            // below instead. Dropped and re-created (as stored, so a later migration's text is kept) inside this write
            // transaction: no other writer can run meanwhile, and a rollback or crash brings them back untouched.
            var searchTriggers = await SearchTriggersAsync(connection, transaction, ct);
            foreach (var name in searchTriggers.Keys) await Exec(connection, transaction, $"DROP TRIGGER \"{name}\";", ct);

            var found = await FindAsync(connection, transaction, batch, ct);
            using var insert = Command(connection, transaction, """
                INSERT INTO Products (Sku, Name, Slug, Description, PriceCents, Stock, RatingAverage, RatingCount, IsActive, CreatedAt, UpdatedAt, Version, BrandId, CategoryId, DepartmentId)
                VALUES ($sku, $name, $slug, $description, $price, $stock, 0, 0, $active, $now, $now, 0, $brand, $category, $department) RETURNING Id
                """, "$sku", "$name", "$slug", "$description", "$price", "$stock", "$active", "$now", "$brand", "$category", "$department");
            using var addBrand = Command(connection, transaction, "INSERT INTO Brands (Name, Slug) VALUES ($name, $slug) RETURNING Id", "$name", "$slug");
            // What each row changed, field by field, in the batch's transaction, as the form's saves are audited: the
            // import was one line of counts, and a price or stock it changed could not be traced to a product (an
            // outside review, session 45). A stock it sets is also a stock adjustment, with the file as its reason.
            // The batch's audit rows go in as one statement over a JSON array: one prepared insert per field took an
            // update of 100,000 products at 1M from 36.7 to 53.4 s (five fields each: 500,000 calls).
            var audited = new List<string?[]>();
            using var auditRows = Command(connection, transaction, """
                INSERT INTO AuditEntries (ChangeId, At, UserId, UserEmail, Action, Entity, EntityId, Field, OldValue, NewValue)
                SELECT $change, $now, $user, $email, 'Imported', 'Product', value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each($rows)
                """, "$change", "$now", "$user", "$email", "$rows");
            using var adjustment = Command(connection, transaction, """
                INSERT INTO StockAdjustments (ProductId, Delta, StockAfter, Reason, UserId, At) VALUES ($id, $delta, $after, $reason, $user, $now)
                """, "$id", "$delta", "$after", "$reason", "$user", "$now");
            (auditRows.Parameters["$change"].Value, auditRows.Parameters["$now"].Value, auditRows.Parameters["$user"].Value, auditRows.Parameters["$email"].Value) =
                (who.ChangeId, now, who.UserId, who.Email);
            (adjustment.Parameters["$user"].Value, adjustment.Parameters["$now"].Value, adjustment.Parameters["$reason"].Value) =
                (who.UserId, now, $"CSV import: {job.FileName}" is var reason && reason.Length > 200 ? reason[..200] : reason);
            var addedBrands = new List<string?[]>();
            using var brandRows = Command(connection, transaction, """
                INSERT INTO AuditEntries (ChangeId, At, UserId, UserEmail, Action, Entity, EntityId, Field, OldValue, NewValue)
                SELECT $change, $now, $user, $email, 'Created', 'Brand', value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each($rows)
                """, "$change", "$now", "$user", "$email", "$rows");
            (brandRows.Parameters["$change"].Value, brandRows.Parameters["$now"].Value, brandRows.Parameters["$user"].Value, brandRows.Parameters["$email"].Value) =
                (who.ChangeId, now, who.UserId, who.Email);
            void Audit(int id, string field, object? old, object? value) =>
                audited.Add([id.ToString(CultureInfo.InvariantCulture), field, AdminAudit.Stored(old), AdminAudit.Stored(value)]);

            var plan = new List<(Row Row, int BrandId, Existing? Existing, Changed Changed)>(batch.Count);
            var reindexed = new List<int>();
            foreach (var row in batch)
            {
                if (!brands.TryGetValue(row.Brand, out var brandId))
                {
                    addBrand.Parameters["$name"].Value = row.Brand;
                    addBrand.Parameters["$slug"].Value = Slug.From(row.Brand);
                    brandId = Convert.ToInt32(await addBrand.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
                    brands[row.Brand] = brandId;
                    brandSlugs.Add(Slug.From(row.Brand));
                    newBrands.Add(row.Brand);
                    // Audited as the product form's new brand is: an admin could not find which brands an import added.
                    addedBrands.Add([brandId.ToString(CultureInfo.InvariantCulture), "Name", null, AdminAudit.Stored(row.Brand)]);
                    addedBrands.Add([brandId.ToString(CultureInfo.InvariantCulture), "Slug", null, Slug.From(row.Brand)]);
                }
                var existing = found.GetValueOrDefault(row.Sku);
                var changed = existing is null ? Changed.None : ChangesOf(existing, row, brandId, job.SetsStock);
                if (existing is not null && !job.SetsStock && row.StockGiven && existing.Stock != row.Stock) stockKept++;
                if ((changed & Changed.Searchable) != 0) reindexed.Add(existing!.Id);
                plan.Add((row, brandId, existing, changed));
            }

            // Out with the old text before the rows change: the view still shows exactly what was indexed (active rows only).
            if (reindexed.Count > 0) await IndexAsync(connection, transaction, "'delete'", reindexed, ct);

            foreach (var (row, brandId, existing, changed) in plan)
            {
                if (existing is null)
                {
                    Set(insert, row, brandId, now);
                    insert.Parameters["$sku"].Value = row.Sku;
                    var id = Convert.ToInt32(await insert.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
                    Audit(id, "Sku", null, row.Sku);
                    touched.Add(id);
                    reindexed.Add(id);
                    job.Created++;
                    continue;
                }

                if (changed == Changed.None)
                {
                    job.Unchanged++;
                    continue;
                }
                if (!updates.TryGetValue(changed, out var update)) updates[changed] = update = UpdateCommand(connection, transaction, changed);
                Set(update, row, brandId, now);
                update.Parameters["$id"].Value = existing.Id;
                await update.ExecuteNonQueryAsync(ct);
                if (changed.HasFlag(Changed.Name)) Audit(existing.Id, "Name", existing.Name, row.Name);
                if (changed.HasFlag(Changed.Description)) Audit(existing.Id, "Description", existing.Description, row.Description);
                if (changed.HasFlag(Changed.Price)) Audit(existing.Id, "PriceCents", existing.PriceCents, row.PriceCents);
                if (changed.HasFlag(Changed.Stock))
                {
                    Audit(existing.Id, "Stock", existing.Stock, row.Stock);
                    adjustment.Parameters["$id"].Value = existing.Id;
                    adjustment.Parameters["$delta"].Value = row.Stock - existing.Stock;
                    adjustment.Parameters["$after"].Value = row.Stock;
                    await adjustment.ExecuteNonQueryAsync(ct);
                }
                if (changed.HasFlag(Changed.Active)) Audit(existing.Id, "IsActive", existing.IsActive, row.IsActive);
                if (changed.HasFlag(Changed.Brand)) Audit(existing.Id, "BrandId", existing.BrandId, brandId);
                if (changed.HasFlag(Changed.Category)) Audit(existing.Id, "CategoryId", existing.CategoryId, row.CategoryId);
                touched.Add(existing.Id);
                job.Updated++;
            }

            if (audited.Count > 0)
            {
                auditRows.Parameters["$rows"].Value = JsonSerializer.Serialize(audited);
                await auditRows.ExecuteNonQueryAsync(ct);
            }
            if (addedBrands.Count > 0)
            {
                brandRows.Parameters["$rows"].Value = JsonSerializer.Serialize(addedBrands);
                await brandRows.ExecuteNonQueryAsync(ct);
            }

            // In with the new text of the created and re-indexed rows, as the triggers would have written it.
            if (reindexed.Count > 0) await IndexAsync(connection, transaction, null, reindexed, ct);
            foreach (var sql in searchTriggers.Values) await Exec(connection, transaction, sql, ct);
            await transaction.CommitAsync(ct);
            job.BrandsCreated += newBrands.Count;
            job.StockKept += stockKept;
        }
        catch
        {
            // The batch's counts are undone with it; brands made in it are forgotten so the next batch makes them again.
            foreach (var name in newBrands) brands.Remove(name);
            throw;
        }
        finally
        {
            foreach (var update in updates.Values) await update.DisposeAsync();
        }
    }

    /// <summary>The product columns a row changes; <see cref="Changed.Searchable"/> ones also rewrite its index entry.</summary>
    [Flags]
    private enum Changed
    {
        None = 0,
        Name = 1,
        Description = 2,
        Price = 4,
        Stock = 8,
        Active = 16,
        Brand = 32,
        Category = 64,
        Searchable = Name | Description | Active | Brand | Category,
    }

    private static Changed ChangesOf(Existing existing, Row row, int brandId, bool setsStock) =>
        (existing.Name != row.Name ? Changed.Name : 0)
        | (existing.Description != row.Description ? Changed.Description : 0)
        | (existing.PriceCents != row.PriceCents ? Changed.Price : 0)
        | (setsStock && row.StockGiven && existing.Stock != row.Stock ? Changed.Stock : 0)
        | (existing.IsActive != row.IsActive ? Changed.Active : 0)
        | (existing.BrandId != brandId ? Changed.Brand : 0)
        | (existing.CategoryId != row.CategoryId ? Changed.Category : 0);

    private static SqliteCommand UpdateCommand(SqliteConnection connection, SqliteTransaction transaction, Changed changed)
    {
        var set = new List<string>();
        if (changed.HasFlag(Changed.Name)) set.AddRange(["Name = $name", "Slug = $slug"]);
        if (changed.HasFlag(Changed.Description)) set.Add("Description = $description");
        if (changed.HasFlag(Changed.Price)) set.Add("PriceCents = $price");
        if (changed.HasFlag(Changed.Stock)) set.Add("Stock = $stock");
        if (changed.HasFlag(Changed.Active)) set.Add("IsActive = $active");
        if (changed.HasFlag(Changed.Brand)) set.Add("BrandId = $brand");
        if (changed.HasFlag(Changed.Category)) set.AddRange(["CategoryId = $category", "DepartmentId = $department"]);
        set.AddRange(["UpdatedAt = $now", "Version = Version + 1"]);
        return Command(connection, transaction, $"UPDATE Products SET {string.Join(", ", set)} WHERE Id = $id",
            "$name", "$slug", "$description", "$price", "$stock", "$active", "$brand", "$category", "$department", "$now", "$id");
    }

    /// <summary>
    /// Every Products trigger that writes the search index, by name, with its stored SQL: found by what it does rather
    /// than by name, so a trigger renamed by a later migration cannot stay behind and index a row twice.
    /// </summary>
    private static async Task<Dictionary<string, string>> SearchTriggersAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        using var cmd = Command(connection, transaction,
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Products' AND sql LIKE '%ProductSearch%'");
        var triggers = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) triggers[reader.GetString(0)] = reader.GetString(1);
        return triggers;
    }

    /// <summary>The batch's products already in the catalogue, by SKU, in one query.</summary>
    private static async Task<Dictionary<string, Existing>> FindAsync(SqliteConnection connection, SqliteTransaction transaction, List<Row> batch, CancellationToken ct)
    {
        using var find = Command(connection, transaction, """
            SELECT Sku, Id, Name, Description, PriceCents, Stock, IsActive, CategoryId, BrandId FROM Products
            WHERE Sku IN (SELECT value FROM json_each($skus))
            """, "$skus");
        find.Parameters["$skus"].Value = JsonSerializer.Serialize(batch.Select(r => r.Sku));
        var found = new Dictionary<string, Existing>(batch.Count, StringComparer.Ordinal);
        await using var reader = await find.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found[reader.GetString(0)] = new Existing(reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt32(5), reader.GetBoolean(6), reader.GetInt32(7), reader.GetInt32(8));
        }
        return found;
    }

    /// <summary>
    /// Adds (<paramref name="command"/> null) or removes (<c>'delete'</c>) the index rows of <paramref name="ids"/> with
    /// their text as <c>ProductSearchSource</c> shows it now, which is what the search triggers write.
    /// </summary>
    private static async Task IndexAsync(SqliteConnection connection, SqliteTransaction transaction, string? command, List<int> ids, CancellationToken ct)
    {
        var sql = command is null
            ? "INSERT INTO ProductSearch(rowid, Name, Brand, Category, Description) SELECT Id, Name, Brand, Category, Description"
            : $"INSERT INTO ProductSearch(ProductSearch, rowid, Name, Brand, Category, Description) SELECT {command}, Id, Name, Brand, Category, Description";
        using var cmd = Command(connection, transaction, sql + " FROM ProductSearchSource WHERE Id IN (SELECT value FROM json_each($ids))", "$ids");
        cmd.Parameters["$ids"].Value = JsonSerializer.Serialize(ids);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void Set(SqliteCommand cmd, Row row, int brandId, string now)
    {
        cmd.Parameters["$name"].Value = row.Name;
        cmd.Parameters["$slug"].Value = Slug.From(row.Name);
        cmd.Parameters["$description"].Value = row.Description;
        cmd.Parameters["$price"].Value = row.PriceCents;
        cmd.Parameters["$stock"].Value = row.Stock;
        cmd.Parameters["$active"].Value = row.IsActive;
        cmd.Parameters["$brand"].Value = brandId;
        cmd.Parameters["$category"].Value = row.CategoryId;
        cmd.Parameters["$department"].Value = row.DepartmentId;
        cmd.Parameters["$now"].Value = now;
    }

    private static async Task Exec(SqliteConnection connection, string sql, CancellationToken ct) => await Exec(connection, null, sql, ct);

    private static async Task Exec(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        foreach (var name in parameters) cmd.Parameters.Add(new SqliteParameter { ParameterName = name });
        cmd.Prepare();
        return cmd;
    }
}
