using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebApp.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddressesAndTax : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "CK_Orders_Total",
                table: "Orders");

            migrationBuilder.AddColumn<string>(
                name: "Region",
                table: "Orders",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TaxIncluded",
                table: "Orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "TaxName",
                table: "Orders",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TaxRateBasisPoints",
                table: "Orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Orders placed before this migration carry the old flat rate's amount: keep it printed as plain "Tax".
            migrationBuilder.Sql("UPDATE \"Orders\" SET \"TaxName\" = 'Tax' WHERE \"TaxCents\" > 0;");

            migrationBuilder.CreateTable(
                name: "SavedAddresses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    FullName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Line1 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Line2 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    City = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    PostalCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedAddresses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedAddresses_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "CK_Orders_Total",
                table: "Orders",
                sql: "\"TotalCents\" = \"SubtotalCents\" + \"ShippingCents\" + CASE WHEN \"TaxIncluded\" THEN 0 ELSE \"TaxCents\" END");

            migrationBuilder.CreateIndex(
                name: "IX_SavedAddresses_UserId_LastUsedAt",
                table: "SavedAddresses",
                columns: new[] { "UserId", "LastUsedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SavedAddresses");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Orders_Total",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "Region",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "TaxIncluded",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "TaxName",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "TaxRateBasisPoints",
                table: "Orders");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Orders_Total",
                table: "Orders",
                sql: "\"TotalCents\" = \"SubtotalCents\" + \"ShippingCents\" + \"TaxCents\"");
        }
    }
}
