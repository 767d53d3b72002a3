using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class HistoryConfiguration : IEntityTypeConfiguration<HistoryRow>
{
    public void Configure(EntityTypeBuilder<HistoryRow> history)
    {
        history.ToTable("service_history");
        history.HasKey(h => h.Id);
        history.Property(h => h.Id).HasColumnName("id").ValueGeneratedOnAdd();
        history.Property(h => h.EventCursor).HasColumnName("event_cursor").HasColumnType("varchar(64)");
        history.Property(h => h.TicketId).HasColumnName("ticket_id").HasColumnType("varchar(64)");
        history.Property(h => h.RequestId).HasColumnName("request_id").HasColumnType("varchar(64)");
        history.Property(h => h.BranchCode).HasColumnName("branch_code").HasColumnType("varchar(16)").HasDefaultValue(BranchOptions.DefaultCode);
        history.Property(h => h.QueueCode).HasColumnName("queue_code").HasColumnType("varchar(16)");
        history.Property(h => h.Number).HasColumnName("number").HasColumnType("varchar(16)");
        history.Property(h => h.Priority).HasColumnName("priority").HasColumnType("varchar(16)");
        history.Property(h => h.Channel).HasColumnName("channel").HasColumnType("varchar(16)");
        history.Property(h => h.Outcome).HasColumnName("outcome").HasColumnType("varchar(16)");
        history.Property(h => h.EnqueuedAt).HasColumnName("enqueued_at").HasColumnType("datetime(6)");
        history.Property(h => h.CalledAt).HasColumnName("called_at").HasColumnType("datetime(6)");
        history.Property(h => h.StartedAt).HasColumnName("started_at").HasColumnType("datetime(6)");
        history.Property(h => h.FinishedAt).HasColumnName("finished_at").HasColumnType("datetime(6)");
        history.Property(h => h.ServiceOutcome).HasColumnName("service_outcome").HasColumnType("varchar(64)");
        history.Property(h => h.AttendantUserId).HasColumnName("attendant_user_id").HasColumnType("varchar(36)");
        history.Property(h => h.AttendantName).HasColumnName("attendant_name").HasColumnType("varchar(64)");
        history.Property(h => h.Desk).HasColumnName("desk").HasColumnType("varchar(32)");
        history.Property(h => h.RecallCount).HasColumnName("recall_count").HasDefaultValue(0);
        history.Property(h => h.QuotedWaitSeconds).HasColumnName("quoted_wait_seconds");
        history.Property(h => h.TransferredFromQueue).HasColumnName("transferred_from_queue").HasColumnType("varchar(16)");
        // The unique event cursor makes a replayed event a no-op.
        history.HasIndex(h => h.EventCursor).IsUnique().HasDatabaseName("ux_service_history_event_cursor");
        history.HasIndex(h => h.TicketId).HasDatabaseName("ix_service_history_ticket");
        history.HasIndex(h => new { h.BranchCode, h.QueueCode, h.FinishedAt }).HasDatabaseName("ix_service_history_queue_finished");
        history.HasIndex(h => new { h.BranchCode, h.FinishedAt }).HasDatabaseName("ix_service_history_branch_finished");
        history.HasIndex(h => new { h.AttendantUserId, h.FinishedAt }).HasDatabaseName("ix_service_history_attendant_user_finished");
        history.HasIndex(h => new { h.AttendantName, h.FinishedAt }).HasDatabaseName("ix_service_history_attendant_name_finished");
        history.HasIndex(h => new { h.BranchCode, h.QueueCode, h.ServiceOutcome, h.FinishedAt }).HasDatabaseName("ix_service_history_queue_service_outcome");
    }
}
