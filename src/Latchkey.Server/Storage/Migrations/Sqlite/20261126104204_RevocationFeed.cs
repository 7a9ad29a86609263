using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Latchkey.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RevocationFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "invalidations",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    subject_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invalidations", x => x.sequence);
                });

            migrationBuilder.CreateIndex(
                name: "ix_invalidations_expires_at",
                table: "invalidations",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "invalidations");
        }
    }
}
