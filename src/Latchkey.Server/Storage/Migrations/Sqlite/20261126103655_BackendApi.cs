using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Latchkey.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BackendApi : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "locked",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "private_metadata",
                table: "users",
                type: "TEXT",
                maxLength: 8192,
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "public_metadata",
                table: "users",
                type: "TEXT",
                maxLength: 8192,
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "unsafe_metadata",
                table: "users",
                type: "TEXT",
                maxLength: 8192,
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<long>(
                name: "activates_at",
                table: "signing_keys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name",
                table: "secret_keys",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "verification_strategy",
                table: "email_addresses",
                type: "TEXT",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "locked",
                table: "users");

            migrationBuilder.DropColumn(
                name: "private_metadata",
                table: "users");

            migrationBuilder.DropColumn(
                name: "public_metadata",
                table: "users");

            migrationBuilder.DropColumn(
                name: "unsafe_metadata",
                table: "users");

            migrationBuilder.DropColumn(
                name: "activates_at",
                table: "signing_keys");

            migrationBuilder.DropColumn(
                name: "name",
                table: "secret_keys");

            migrationBuilder.DropColumn(
                name: "verification_strategy",
                table: "email_addresses");
        }
    }
}
