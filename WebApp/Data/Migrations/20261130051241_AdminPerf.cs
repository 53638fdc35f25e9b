using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebApp.Data.Migrations
{
    /// <inheritdoc />
    public partial class AdminPerf : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
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

            migrationBuilder.CreateIndex(
                name: "IX_Products_Admin_Category",
                table: "Products",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_Products_Admin_Id",
                table: "Products",
                columns: new[] { "Id", "IsActive", "Stock", "CategoryId", "DepartmentId", "BrandId" });

            migrationBuilder.CreateIndex(
                name: "IX_Products_Admin_Inactive",
                table: "Products",
                column: "Id",
                filter: "\"IsActive\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_Products_Admin_Name",
                table: "Products",
                columns: new[] { "Name", "Id", "IsActive", "Stock", "CategoryId", "DepartmentId", "BrandId" });

            migrationBuilder.CreateIndex(
                name: "IX_Products_Admin_Price",
                table: "Products",
                columns: new[] { "PriceCents", "Id", "IsActive", "Stock", "CategoryId", "DepartmentId", "BrandId" });

            migrationBuilder.CreateIndex(
                name: "IX_Products_Admin_Stock",
                table: "Products",
                columns: new[] { "Stock", "Id", "IsActive", "CategoryId", "DepartmentId", "BrandId" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Status_PaymentMethod_PlacedAt",
                table: "Orders",
                columns: new[] { "Status", "PaymentMethod", "PlacedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Products_Admin_Category",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_Admin_Id",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_Admin_Inactive",
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

            migrationBuilder.DropIndex(
                name: "IX_Orders_Status_PaymentMethod_PlacedAt",
                table: "Orders");

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
    }
}
