using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebApp.Data.Migrations
{
    /// <summary>Orders.ShippingMethodCode: the delivery option's code kept with the order (filled in for earlier orders at startup, StoreStartup).</summary>
    public partial class OrderShippingMethodCode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ShippingMethodCode",
                table: "Orders",
                type: "TEXT",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ShippingMethodCode",
                table: "Orders");
        }
    }
}
