using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceQueue.Api.Storage.Migrations
{
    /// <inheritdoc />
    public partial class BranchRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            
            migrationBuilder.DropIndex(
                name: "ix_user_queues_queue",
                table: "user_queues");

            migrationBuilder.DropIndex(
                name: "ix_service_history_queue_finished",
                table: "service_history");

            migrationBuilder.DropIndex(
                name: "ix_service_history_queue_service_outcome",
                table: "service_history");

            migrationBuilder.AddColumn<string>(
                name: "branch_code",
                table: "user_queues",
                type: "varchar(16)",
                nullable: false,
                defaultValue: "MAIN",
                collation: "utf8mb4_unicode_ci")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "branch_code",
                table: "service_history",
                type: "varchar(16)",
                nullable: false,
                defaultValue: "MAIN",
                collation: "utf8mb4_unicode_ci")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "branch_code",
                table: "rejected_requests",
                type: "varchar(16)",
                nullable: false,
                defaultValue: "MAIN",
                collation: "utf8mb4_unicode_ci")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "region",
                table: "branches",
                type: "varchar(16)",
                nullable: true,
                collation: "utf8mb4_unicode_ci")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "branch_code",
                table: "audit_log",
                type: "varchar(16)",
                nullable: true,
                collation: "utf8mb4_unicode_ci")
                .Annotation("MySql:CharSet", "utf8mb4");

            // Each key is swapped in one statement: the old one still backs a foreign key (the user's, the branch's)
            // until the new one, which starts with the same column, takes its place.
            migrationBuilder.Sql("ALTER TABLE user_queues DROP PRIMARY KEY, ADD PRIMARY KEY (user_id, branch_code, queue_code);");
            migrationBuilder.Sql("ALTER TABLE queue_definitions DROP PRIMARY KEY, ADD PRIMARY KEY (branch_code, code), DROP INDEX ix_queue_definitions_branch;");

            migrationBuilder.CreateTable(
                name: "user_branch_roles",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "varchar(36)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    branch_code = table.Column<string>(type: "varchar(16)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    role = table.Column<string>(type: "varchar(16)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_branch_roles", x => new { x.user_id, x.branch_code });
                    table.ForeignKey(
                        name: "fk_user_branch_roles_branch",
                        column: x => x.branch_code,
                        principalTable: "branches",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_user_branch_roles_user",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "user_region_roles",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "varchar(36)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    region = table.Column<string>(type: "varchar(16)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    role = table.Column<string>(type: "varchar(16)", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_region_roles", x => new { x.user_id, x.region });
                    table.ForeignKey(
                        name: "fk_user_region_roles_user",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateIndex(
                name: "ix_user_queues_queue",
                table: "user_queues",
                columns: new[] { "branch_code", "queue_code" });

            migrationBuilder.CreateIndex(
                name: "ix_service_history_branch_finished",
                table: "service_history",
                columns: new[] { "branch_code", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_service_history_queue_finished",
                table: "service_history",
                columns: new[] { "branch_code", "queue_code", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_service_history_queue_service_outcome",
                table: "service_history",
                columns: new[] { "branch_code", "queue_code", "service_outcome", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_branches_region",
                table: "branches",
                column: "region");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_branch",
                table: "audit_log",
                columns: new[] { "branch_code", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_user_branch_roles_branch",
                table: "user_branch_roles",
                column: "branch_code");
            // Everyone keeps what they had: Attendants and Supervisors hold their role in the default branch, whose
            // queues are the ones they served (user_queues rows took the default above). Admins stay global.
            migrationBuilder.Sql("""
                INSERT INTO user_branch_roles (user_id, branch_code, role)
                SELECT id, 'MAIN', role FROM users WHERE role <> 'Admin';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "user_branch_roles");

            migrationBuilder.DropTable(
                name: "user_region_roles");

            migrationBuilder.DropPrimaryKey(
                name: "PK_user_queues",
                table: "user_queues");

            migrationBuilder.DropIndex(
                name: "ix_user_queues_queue",
                table: "user_queues");

            migrationBuilder.DropIndex(
                name: "ix_service_history_branch_finished",
                table: "service_history");

            migrationBuilder.DropIndex(
                name: "ix_service_history_queue_finished",
                table: "service_history");

            migrationBuilder.DropIndex(
                name: "ix_service_history_queue_service_outcome",
                table: "service_history");

            migrationBuilder.DropPrimaryKey(
                name: "PK_queue_definitions",
                table: "queue_definitions");

            migrationBuilder.DropIndex(
                name: "ix_branches_region",
                table: "branches");

            migrationBuilder.DropIndex(
                name: "ix_audit_log_branch",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "branch_code",
                table: "user_queues");

            migrationBuilder.DropColumn(
                name: "branch_code",
                table: "service_history");

            migrationBuilder.DropColumn(
                name: "branch_code",
                table: "rejected_requests");

            migrationBuilder.DropColumn(
                name: "region",
                table: "branches");

            migrationBuilder.DropColumn(
                name: "branch_code",
                table: "audit_log");

            migrationBuilder.AddPrimaryKey(
                name: "PK_user_queues",
                table: "user_queues",
                columns: new[] { "user_id", "queue_code" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_queue_definitions",
                table: "queue_definitions",
                column: "code");

            migrationBuilder.CreateIndex(
                name: "ix_user_queues_queue",
                table: "user_queues",
                column: "queue_code");

            migrationBuilder.CreateIndex(
                name: "ix_service_history_queue_finished",
                table: "service_history",
                columns: new[] { "queue_code", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_service_history_queue_service_outcome",
                table: "service_history",
                columns: new[] { "queue_code", "service_outcome", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_queue_definitions_branch",
                table: "queue_definitions",
                column: "branch_code");
        }
    }
}
