using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebApp.Data.Migrations
{
    /// <summary>
    /// SKUs in capitals, as the product form and the import store them since session 44 (Catalog/ProductDraft.Stored).
    /// A SKU saved in small letters before could not be found by the admin list, which asks in capitals, and a second
    /// product could take it in capitals (an outside review, session 44). Two SKUs that differ only in case are left as
    /// they are for a person to sort out: made one, the unique index would refuse the whole upgrade. No schema change.
    /// </summary>
    [DbContext(typeof(StoreDbContext))]
    [Migration("20261205160000_SkusInCapitals")]
    public partial class SkusInCapitals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TEMP TABLE SkusToCapitalise AS SELECT Id, upper(Sku) AS Capitals FROM Products WHERE Sku <> upper(Sku);
                UPDATE Products SET Sku = (SELECT Capitals FROM SkusToCapitalise s WHERE s.Id = Products.Id)
                WHERE Id IN (
                    SELECT s.Id FROM SkusToCapitalise s
                    WHERE NOT EXISTS (SELECT 1 FROM Products p WHERE p.Sku = s.Capitals)
                      AND (SELECT count(*) FROM SkusToCapitalise other WHERE other.Capitals = s.Capitals) = 1);
                DROP TABLE SkusToCapitalise;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The small letters are not kept: a SKU in capitals is the same SKU.
        }
    }
}
