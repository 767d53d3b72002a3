using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class QueueDefinitionConfiguration : IEntityTypeConfiguration<QueueDefinitionRow>
{
    public void Configure(EntityTypeBuilder<QueueDefinitionRow> queue)
    {
        queue.ToTable("queue_definitions");
        // Queue codes are unique within a branch: GEN may exist in every office.
        queue.HasKey(q => new { q.BranchCode, q.Code });
        queue.Property(q => q.Code).HasColumnName("code").HasColumnType("varchar(16)");
        // Rows from before branches belong to the default branch the Branches migration creates.
        queue.Property(q => q.BranchCode).HasColumnName("branch_code").HasColumnType("varchar(16)").HasDefaultValue(BranchOptions.DefaultCode);
        queue.HasOne<BranchRow>().WithMany().HasForeignKey(q => q.BranchCode).HasConstraintName("fk_queue_definitions_branch").OnDelete(DeleteBehavior.Restrict);
        queue.Property(q => q.Name).HasColumnName("name").HasColumnType("varchar(100)");
        queue.Property(q => q.Prefix).HasColumnName("prefix").HasColumnType("varchar(4)");
        // Defaults as the tables always had them, for rows written by hand; the sentinel is the default itself,
        // so EF sends every other value and leaves this one to the same default.
        queue.Property(q => q.IsOpen).HasColumnName("is_open").HasColumnType("tinyint(1)").HasDefaultValue(true).HasSentinel(true);
        queue.Property(q => q.PriorityRun).HasColumnName("priority_run").HasDefaultValue(2).HasSentinel(2);
        queue.Property(q => q.MaxWaitSeconds).HasColumnName("max_wait_seconds");
        queue.Property(q => q.SlaSeconds).HasColumnName("sla_seconds");
        queue.Property(q => q.Capacity).HasColumnName("capacity");
        queue.Property(q => q.RecallLimit).HasColumnName("recall_limit").HasDefaultValue(2).HasSentinel(2);
        queue.Property(q => q.RecallMinIntervalSeconds).HasColumnName("recall_min_interval_seconds").HasDefaultValue(20).HasSentinel(20);
        queue.Property(q => q.TimeZone).HasColumnName("time_zone").HasColumnType("varchar(64)").HasDefaultValue("UTC").HasSentinel("UTC");
        queue.Property(q => q.CustomerFields).HasColumnName("customer_fields").HasColumnType("varchar(32)").HasDefaultValue("").HasSentinel("");
        queue.Property(q => q.AlertWaitingPastSla).HasColumnName("alert_waiting_past_sla").HasColumnType("tinyint(1)").HasDefaultValue(false);
        queue.Property(q => q.AlertWaitingOver).HasColumnName("alert_waiting_over");
        queue.Property(q => q.AlertNoAttendant).HasColumnName("alert_no_attendant").HasColumnType("tinyint(1)").HasDefaultValue(false);
        queue.Property(q => q.AlertServiceOverSeconds).HasColumnName("alert_service_over_seconds");
        queue.Property(q => q.CreatedAt).HasColumnName("created_at").HasColumnType("datetime(6)");
        queue.Property(q => q.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");
    }
}
