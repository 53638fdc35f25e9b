using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebApp.Data.Migrations
{
    /// <summary>Each back-in-stock request gets the random token of its mail's stop link (and List-Unsubscribe).</summary>
    public partial class BackInStockStopLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StopToken",
                table: "BackInStockRequests",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // Requests made before this have their own stop link too (16 random bytes, as the code makes them).
            migrationBuilder.Sql("UPDATE BackInStockRequests SET StopToken = lower(hex(randomblob(16)))");

            migrationBuilder.CreateIndex(
                name: "IX_BackInStockRequests_StopToken",
                table: "BackInStockRequests",
                column: "StopToken",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BackInStockRequests_StopToken",
                table: "BackInStockRequests");

            migrationBuilder.DropColumn(
                name: "StopToken",
                table: "BackInStockRequests");
        }
    }
}
