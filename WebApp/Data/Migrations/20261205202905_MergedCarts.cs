using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebApp.Data.Migrations
{
    /// <summary>
    /// Carts.MergedIntoUserId: an anonymous cart merged at sign-in is kept, empty, pointing at the account, so a declined
    /// payment's lines put back after that sign-in reach the account's cart instead of nowhere. Deleted with the account.
    /// </summary>
    public partial class MergedCarts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // By hand rather than AddColumn + AddForeignKey: on SQLite, EF adds a foreign key by rebuilding the table with
            // foreign keys off, outside the migration's transaction. SQLite takes a REFERENCES clause on ADD COLUMN when
            // the column's default is NULL, which keeps the upgrade one transaction.
            migrationBuilder.Sql("ALTER TABLE Carts ADD COLUMN MergedIntoUserId TEXT NULL REFERENCES AspNetUsers (Id) ON DELETE CASCADE;");

            migrationBuilder.CreateIndex(
                name: "IX_Carts_MergedIntoUserId",
                table: "Carts",
                column: "MergedIntoUserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Carts_AspNetUsers_MergedIntoUserId",
                table: "Carts");

            migrationBuilder.DropIndex(
                name: "IX_Carts_MergedIntoUserId",
                table: "Carts");

            migrationBuilder.DropColumn(
                name: "MergedIntoUserId",
                table: "Carts");
        }
    }
}
