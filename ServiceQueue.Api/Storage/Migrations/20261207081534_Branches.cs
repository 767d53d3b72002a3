using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceQueue.Api.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Branches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "branch_code",
                table: "queue_definitions",
                type: "varchar(16)",
                nullable: false,
                defaultValue: "MAIN",
                collation: "utf8mb4_unicode_ci")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "branches",
                columns: table => new
                {
                    code = table.Column<string>(type: "varchar(16)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    name = table.Column<string>(type: "varchar(100)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    time_zone = table.Column<string>(type: "varchar(64)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    is_open = table.Column<bool>(type: "tinyint(1)", nullable: false, defaultValue: true),
                    created_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_branches", x => x.code);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            // The default branch, before the key that needs it: everything that exists belongs to it, and it keeps
            // the time zone the oldest queue had (UTC when there is no queue yet).
            migrationBuilder.Sql("""
                INSERT INTO branches (code, name, time_zone, is_open, created_at, updated_at)
                SELECT 'MAIN', 'Main office',
                       COALESCE((SELECT q.time_zone FROM queue_definitions q ORDER BY q.created_at, q.code LIMIT 1), 'UTC'),
                       1, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6);
                """);

            migrationBuilder.CreateIndex(
                name: "ix_queue_definitions_branch",
                table: "queue_definitions",
                column: "branch_code");

            migrationBuilder.AddForeignKey(
                name: "fk_queue_definitions_branch",
                table: "queue_definitions",
                column: "branch_code",
                principalTable: "branches",
                principalColumn: "code",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_queue_definitions_branch",
                table: "queue_definitions");

            migrationBuilder.DropTable(
                name: "branches");

            migrationBuilder.DropIndex(
                name: "ix_queue_definitions_branch",
                table: "queue_definitions");

            migrationBuilder.DropColumn(
                name: "branch_code",
                table: "queue_definitions");
        }
    }
}
