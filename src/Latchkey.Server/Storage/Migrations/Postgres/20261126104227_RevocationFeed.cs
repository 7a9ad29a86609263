using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Latchkey.Server.Storage.Migrations.Postgres
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
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    user_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invalidations", x => x.sequence);
                });

            migrationBuilder.CreateIndex(
                name: "ix_invalidations_expires_at",
                table: "invalidations",
                column: "expires_at");

            // Readers follow the table by sequence, so a row must never become visible before a
            // row with a lower sequence. The trigger takes a transaction-scoped advisory lock
            // (key: "Latchkey" in ASCII) before it assigns the sequence: writers of this table are
            // serialised from that point to their commit, so sequence order is commit order. It
            // also notifies the instances' listeners, which PostgreSQL delivers at commit.
            migrationBuilder.Sql("""
                CREATE FUNCTION latchkey_invalidations_before_insert() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_advisory_xact_lock(5503808189925909881);
                    NEW.sequence := nextval(pg_get_serial_sequence('invalidations', 'sequence'));
                    PERFORM pg_notify('latchkey_invalidations', '');
                    RETURN NEW;
                END
                $$;
                CREATE TRIGGER trg_invalidations_before_insert BEFORE INSERT ON invalidations
                    FOR EACH ROW EXECUTE FUNCTION latchkey_invalidations_before_insert();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "invalidations");

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS latchkey_invalidations_before_insert();");
        }
    }
}
