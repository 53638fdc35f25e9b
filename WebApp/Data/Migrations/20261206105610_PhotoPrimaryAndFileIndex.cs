using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebApp.Data.Migrations
{
    /// <inheritdoc />
    public partial class PhotoPrimaryAndFileIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Photo writes read outside a transaction could leave a product two primary photos or none (an outside
            // review, session 51): one is kept, the first by place, before the index allows only one.
            migrationBuilder.Sql("""
                UPDATE ProductPhotos SET IsPrimary = 0
                WHERE IsPrimary = 1 AND Id <> (SELECT p.Id FROM ProductPhotos p WHERE p.ProductId = ProductPhotos.ProductId AND p.IsPrimary = 1 ORDER BY p.SortOrder, p.Id LIMIT 1);
                """);
            migrationBuilder.Sql("""
                UPDATE ProductPhotos SET IsPrimary = 1
                WHERE Id IN (SELECT (SELECT p.Id FROM ProductPhotos p WHERE p.ProductId = o.ProductId ORDER BY p.SortOrder, p.Id LIMIT 1)
                             FROM ProductPhotos o GROUP BY o.ProductId HAVING MAX(o.IsPrimary) = 0);
                """);

            migrationBuilder.CreateIndex(
                name: "IX_ProductPhotos_FileName",
                table: "ProductPhotos",
                column: "FileName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProductPhotos_OnePrimary",
                table: "ProductPhotos",
                column: "ProductId",
                unique: true,
                filter: "IsPrimary = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProductPhotos_FileName",
                table: "ProductPhotos");

            migrationBuilder.DropIndex(
                name: "IX_ProductPhotos_OnePrimary",
                table: "ProductPhotos");
        }
    }
}
