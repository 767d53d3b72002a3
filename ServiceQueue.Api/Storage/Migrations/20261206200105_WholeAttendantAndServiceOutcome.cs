using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceQueue.Api.Storage.Migrations
{
    /// <inheritdoc />
    public partial class WholeAttendantAndServiceOutcome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "attendant_id",
                table: "service_history",
                newName: "attendant_name");

            migrationBuilder.RenameIndex(
                name: "ix_service_history_attendant_finished",
                table: "service_history",
                newName: "ix_service_history_attendant_name_finished");

            migrationBuilder.AlterColumn<string>(
                name: "attendant_name",
                table: "service_history",
                type: "varchar(64)",
                nullable: true,
                collation: "utf8mb4_unicode_ci",
                oldClrType: typeof(string),
                oldType: "varchar(36)",
                oldNullable: true)
                .Annotation("MySql:CharSet", "utf8mb4")
                .OldAnnotation("MySql:CharSet", "utf8mb4")
                .OldAnnotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.AddColumn<string>(
                name: "attendant_user_id",
                table: "service_history",
                type: "varchar(36)",
                nullable: true,
                collation: "utf8mb4_unicode_ci")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "service_outcome",
                table: "service_history",
                type: "varchar(64)",
                nullable: true,
                collation: "utf8mb4_unicode_ci")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AlterColumn<string>(
                name: "actor_id",
                table: "audit_log",
                type: "varchar(64)",
                nullable: true,
                collation: "utf8mb4_unicode_ci",
                oldClrType: typeof(string),
                oldType: "varchar(36)",
                oldNullable: true)
                .Annotation("MySql:CharSet", "utf8mb4")
                .OldAnnotation("MySql:CharSet", "utf8mb4")
                .OldAnnotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateIndex(
                name: "ix_service_history_attendant_user_finished",
                table: "service_history",
                columns: new[] { "attendant_user_id", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_service_history_queue_service_outcome",
                table: "service_history",
                columns: new[] { "queue_code", "service_outcome", "finished_at" });

            // Rows written before: the attendant is the name the Broker recorded, cut to 36 characters.
            // A whole user name: link the user.
            migrationBuilder.Sql("""
                UPDATE service_history h JOIN users u ON u.user_name = h.attendant_name
                SET h.attendant_user_id = u.id;
                """);

            // A token without a name claim made Realtime record the user id: link it and keep the name.
            migrationBuilder.Sql("""
                UPDATE service_history h JOIN users u ON u.id = h.attendant_name
                SET h.attendant_user_id = u.id, h.attendant_name = u.user_name
                WHERE h.attendant_user_id IS NULL;
                """);

            // A name cut at 36: made whole when exactly one user name begins with those 36 characters.
            migrationBuilder.Sql("""
                UPDATE service_history h
                JOIN users u ON CHAR_LENGTH(h.attendant_name) = 36 AND CHAR_LENGTH(u.user_name) > 36 AND LEFT(u.user_name, 36) = h.attendant_name
                SET h.attendant_user_id = u.id, h.attendant_name = u.user_name
                WHERE h.attendant_user_id IS NULL
                  AND (SELECT COUNT(*) FROM users v WHERE LEFT(v.user_name, 36) = h.attendant_name) = 1;
                """);

            // The same cut in the actors of the follower's audit entries.
            migrationBuilder.Sql("""
                UPDATE audit_log a
                JOIN users u ON CHAR_LENGTH(a.actor_id) = 36 AND CHAR_LENGTH(u.user_name) > 36 AND LEFT(u.user_name, 36) = a.actor_id
                SET a.actor_id = u.user_name
                WHERE a.action IN ('ticket_moved', 'ticket_removed')
                  AND (SELECT COUNT(*) FROM users v WHERE LEFT(v.user_name, 36) = a.actor_id) = 1;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_service_history_attendant_user_finished",
                table: "service_history");

            migrationBuilder.DropIndex(
                name: "ix_service_history_queue_service_outcome",
                table: "service_history");

            migrationBuilder.DropColumn(
                name: "attendant_user_id",
                table: "service_history");

            migrationBuilder.DropColumn(
                name: "service_outcome",
                table: "service_history");

            migrationBuilder.RenameColumn(
                name: "attendant_name",
                table: "service_history",
                newName: "attendant_id");

            migrationBuilder.RenameIndex(
                name: "ix_service_history_attendant_name_finished",
                table: "service_history",
                newName: "ix_service_history_attendant_finished");

            migrationBuilder.AlterColumn<string>(
                name: "attendant_id",
                table: "service_history",
                type: "varchar(36)",
                nullable: true,
                collation: "utf8mb4_unicode_ci",
                oldClrType: typeof(string),
                oldType: "varchar(64)",
                oldNullable: true)
                .Annotation("MySql:CharSet", "utf8mb4")
                .OldAnnotation("MySql:CharSet", "utf8mb4")
                .OldAnnotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.AlterColumn<string>(
                name: "actor_id",
                table: "audit_log",
                type: "varchar(36)",
                nullable: true,
                collation: "utf8mb4_unicode_ci",
                oldClrType: typeof(string),
                oldType: "varchar(64)",
                oldNullable: true)
                .Annotation("MySql:CharSet", "utf8mb4")
                .OldAnnotation("MySql:CharSet", "utf8mb4")
                .OldAnnotation("Relational:Collation", "utf8mb4_unicode_ci");
        }
    }
}
