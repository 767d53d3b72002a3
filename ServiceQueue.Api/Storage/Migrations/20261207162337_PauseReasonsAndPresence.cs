using System;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceQueue.Api.Storage.Migrations
{
    /// <inheritdoc />
    public partial class PauseReasonsAndPresence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "attendant_presence",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                    event_cursor = table.Column<string>(type: "varchar(20)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    branch_code = table.Column<string>(type: "varchar(16)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    attendant_user_id = table.Column<string>(type: "varchar(36)", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    attendant_name = table.Column<string>(type: "varchar(64)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    desk = table.Column<string>(type: "varchar(64)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    state = table.Column<string>(type: "varchar(16)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    pause_reason = table.Column<string>(type: "varchar(64)", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    started_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    ended_at = table.Column<DateTime>(type: "datetime(6)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attendant_presence", x => x.id);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "pause_reasons",
                columns: table => new
                {
                    branch_code = table.Column<string>(type: "varchar(16)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    code = table.Column<string>(type: "varchar(32)", nullable: false, collation: "utf8mb4_bin")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    name = table.Column<string>(type: "varchar(100)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    active = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pause_reasons", x => new { x.branch_code, x.code });
                    table.ForeignKey(
                        name: "fk_pause_reasons_branch",
                        column: x => x.branch_code,
                        principalTable: "branches",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            // Every branch starts with the reasons the console offered before Admins could define them.
            migrationBuilder.Sql("""
                INSERT INTO pause_reasons (branch_code, code, name, active, created_at, updated_at)
                SELECT b.code, d.code, d.name, 1, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
                FROM branches b
                CROSS JOIN (SELECT 'break' AS code, 'Break' AS name
                            UNION ALL SELECT 'back_office', 'Back office'
                            UNION ALL SELECT 'training', 'Training') d
                """);

            migrationBuilder.CreateIndex(
                name: "ix_attendant_presence_branch_started",
                table: "attendant_presence",
                columns: new[] { "branch_code", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_attendant_presence_open",
                table: "attendant_presence",
                columns: new[] { "attendant_name", "ended_at" });

            migrationBuilder.CreateIndex(
                name: "ux_attendant_presence_event",
                table: "attendant_presence",
                column: "event_cursor",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attendant_presence");

            migrationBuilder.DropTable(
                name: "pause_reasons");
        }
    }
}
