namespace WebApp.Search;

/// <summary>
/// The FTS5 index, which EF Core cannot model (dotnet/efcore#4823): created by the Search migration from this SQL.
/// External content over a view of the active products with their brand and category names, kept in step by triggers.
/// Only active products are indexed, so a match needs no join to know it can be shown. Products are re-indexed only
/// when a searchable column changes, so stock updates at checkout never touch the index.
/// The Search migration runs this text: change the schema with a new migration, never by editing it.
/// </summary>
public static class SearchSchema
{
    private const string CategoryText = "c.Name || ' ' || COALESCE(d.Name, '')";

    /// <summary>The indexed columns and how text is split: shared with the tests that run queries on a bare index.</summary>
    public const string Columns = "Name, Brand, Category, Description";
    public const string Tokenizer = "tokenize='unicode61 remove_diacritics 2', prefix='2 3'";

    public const string Create = $"""
        CREATE VIEW ProductSearchSource AS
        SELECT p.Id, p.Name, b.Name AS Brand, {CategoryText} AS Category, p.Description
        FROM Products p
        JOIN Brands b ON b.Id = p.BrandId
        JOIN Categories c ON c.Id = p.CategoryId
        LEFT JOIN Categories d ON d.Id = c.ParentId
        WHERE p.IsActive = 1;

        CREATE VIRTUAL TABLE ProductSearch USING fts5(
            {Columns},
            content='ProductSearchSource', content_rowid='Id',
            {Tokenizer});

        CREATE TRIGGER Products_search_insert AFTER INSERT ON Products WHEN new.IsActive = 1 BEGIN
            INSERT INTO ProductSearch(rowid, Name, Brand, Category, Description)
            SELECT Id, Name, Brand, Category, Description FROM ProductSearchSource WHERE Id = new.Id;
        END;

        -- An FTS5 'delete' must repeat exactly what was indexed, and only for rows that were indexed.
        CREATE TRIGGER Products_search_delete AFTER DELETE ON Products WHEN old.IsActive = 1 BEGIN
            INSERT INTO ProductSearch(ProductSearch, rowid, Name, Brand, Category, Description)
            SELECT 'delete', old.Id, old.Name, b.Name, {CategoryText}, old.Description
            FROM Brands b, Categories c LEFT JOIN Categories d ON d.Id = c.ParentId
            WHERE b.Id = old.BrandId AND c.Id = old.CategoryId;
        END;

        CREATE TRIGGER Products_search_update AFTER UPDATE OF Name, Description, BrandId, CategoryId, IsActive ON Products BEGIN
            INSERT INTO ProductSearch(ProductSearch, rowid, Name, Brand, Category, Description)
            SELECT 'delete', old.Id, old.Name, b.Name, {CategoryText}, old.Description
            FROM Brands b, Categories c LEFT JOIN Categories d ON d.Id = c.ParentId
            WHERE b.Id = old.BrandId AND c.Id = old.CategoryId AND old.IsActive = 1;
            INSERT INTO ProductSearch(rowid, Name, Brand, Category, Description)
            SELECT Id, Name, Brand, Category, Description FROM ProductSearchSource WHERE Id = new.Id;
        END;

        CREATE TRIGGER Brands_search_rename AFTER UPDATE OF Name ON Brands WHEN old.Name <> new.Name BEGIN
            INSERT INTO ProductSearch(ProductSearch, rowid, Name, Brand, Category, Description)
            SELECT 'delete', p.Id, p.Name, old.Name, {CategoryText}, p.Description
            FROM Products p JOIN Categories c ON c.Id = p.CategoryId LEFT JOIN Categories d ON d.Id = c.ParentId
            WHERE p.BrandId = old.Id AND p.IsActive = 1;
            INSERT INTO ProductSearch(rowid, Name, Brand, Category, Description)
            SELECT s.Id, s.Name, s.Brand, s.Category, s.Description FROM ProductSearchSource s JOIN Products p ON p.Id = s.Id
            WHERE p.BrandId = new.Id;
        END;

        -- Runs after the row changed, so the old text is rebuilt by putting old.Name back where this category appears.
        CREATE TRIGGER Categories_search_rename AFTER UPDATE OF Name ON Categories WHEN old.Name <> new.Name BEGIN
            INSERT INTO ProductSearch(ProductSearch, rowid, Name, Brand, Category, Description)
            SELECT 'delete', p.Id, p.Name, b.Name,
                   (CASE WHEN c.Id = old.Id THEN old.Name ELSE c.Name END) || ' ' || COALESCE(CASE WHEN d.Id = old.Id THEN old.Name ELSE d.Name END, ''),
                   p.Description
            FROM Products p JOIN Brands b ON b.Id = p.BrandId JOIN Categories c ON c.Id = p.CategoryId LEFT JOIN Categories d ON d.Id = c.ParentId
            WHERE (c.Id = old.Id OR d.Id = old.Id) AND p.IsActive = 1;
            INSERT INTO ProductSearch(rowid, Name, Brand, Category, Description)
            SELECT s.Id, s.Name, s.Brand, s.Category, s.Description
            FROM ProductSearchSource s JOIN Products p ON p.Id = s.Id JOIN Categories c ON c.Id = p.CategoryId
            WHERE c.Id = new.Id OR c.ParentId = new.Id;
        END;

        INSERT INTO ProductSearch(ProductSearch) VALUES('rebuild');
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS Categories_search_rename;
        DROP TRIGGER IF EXISTS Brands_search_rename;
        DROP TRIGGER IF EXISTS Products_search_update;
        DROP TRIGGER IF EXISTS Products_search_delete;
        DROP TRIGGER IF EXISTS Products_search_insert;
        DROP TABLE IF EXISTS ProductSearch;
        DROP VIEW IF EXISTS ProductSearchSource;
        """;
}
