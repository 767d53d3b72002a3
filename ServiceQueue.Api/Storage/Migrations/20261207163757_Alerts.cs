using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceQueue.Api.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Alerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "alert_no_attendant",
                table: "queue_definitions",
                type: "tinyint(1)",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "alert_service_over_seconds",
                table: "queue_definitions",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "alert_waiting_over",
                table: "queue_definitions",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "alert_waiting_past_sla",
                table: "queue_definitions",
                type: "tinyint(1)",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(32)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    branch_code = table.Column<string>(type: "varchar(16)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    queue_code = table.Column<string>(type: "varchar(16)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    kind = table.Column<string>(type: "varchar(32)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    raised_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    cleared_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    value = table.Column<long>(type: "bigint", nullable: false),
                    peak_value = table.Column<long>(type: "bigint", nullable: false),
                    threshold = table.Column<long>(type: "bigint", nullable: false),
                    acknowledged_at = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    acknowledged_by = table.Column<string>(type: "varchar(36)", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.id);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_branch_raised",
                table: "alerts",
                columns: new[] { "branch_code", "raised_at" });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_queue_raised",
                table: "alerts",
                columns: new[] { "branch_code", "queue_code", "raised_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropColumn(
                name: "alert_no_attendant",
                table: "queue_definitions");

            migrationBuilder.DropColumn(
                name: "alert_service_over_seconds",
                table: "queue_definitions");

            migrationBuilder.DropColumn(
                name: "alert_waiting_over",
                table: "queue_definitions");

            migrationBuilder.DropColumn(
                name: "alert_waiting_past_sla",
                table: "queue_definitions");
        }
    }
}
