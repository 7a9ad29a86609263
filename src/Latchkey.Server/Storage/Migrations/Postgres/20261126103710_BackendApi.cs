using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Latchkey.Server.Storage.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "private_metadata",
                table: "users",
                type: "character varying(8192)",
                maxLength: 8192,
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "public_metadata",
                table: "users",
                type: "character varying(8192)",
                maxLength: 8192,
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "unsafe_metadata",
                table: "users",
                type: "character varying(8192)",
                maxLength: 8192,
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "activates_at",
                table: "signing_keys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name",
                table: "secret_keys",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "verification_strategy",
                table: "email_addresses",
                type: "character varying(32)",
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
