using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebApp.Data.Migrations
{
    /// <inheritdoc />
    public partial class AdminListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Products_Admin_Id",
                table: "Products",
                columns: new[] { "Id", "IsActive" });

            migrationBuilder.CreateIndex(
                name: "IX_Products_Admin_Name",
                table: "Products",
                columns: new[] { "Name", "Id", "IsActive" });

            migrationBuilder.CreateIndex(
                name: "IX_Products_Admin_Price",
                table: "Products",
                columns: new[] { "PriceCents", "Id", "IsActive" });

            migrationBuilder.CreateIndex(
                name: "IX_Products_Admin_Stock",
                table: "Products",
                columns: new[] { "Stock", "Id", "IsActive" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Products_Admin_Id",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_Admin_Name",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_Admin_Price",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_Admin_Stock",
                table: "Products");
        }
    }
}
