using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class QueueDefinitionConfiguration : IEntityTypeConfiguration<QueueDefinitionRow>
{
    public void Configure(EntityTypeBuilder<QueueDefinitionRow> queue)
    {
        queue.ToTable("queue_definitions");
        queue.HasKey(q => q.Code);
        queue.Property(q => q.Code).HasColumnName("code").HasColumnType("varchar(16)");
        queue.Property(q => q.Name).HasColumnName("name").HasColumnType("varchar(100)");
        queue.Property(q => q.Prefix).HasColumnName("prefix").HasColumnType("varchar(4)");
        queue.Property(q => q.IsOpen).HasColumnName("is_open").HasColumnType("tinyint(1)");
        queue.Property(q => q.PriorityRun).HasColumnName("priority_run");
        queue.Property(q => q.MaxWaitSeconds).HasColumnName("max_wait_seconds");
        queue.Property(q => q.SlaSeconds).HasColumnName("sla_seconds");
        queue.Property(q => q.Capacity).HasColumnName("capacity");
        queue.Property(q => q.RecallLimit).HasColumnName("recall_limit");
        queue.Property(q => q.RecallMinIntervalSeconds).HasColumnName("recall_min_interval_seconds");
        queue.Property(q => q.TimeZone).HasColumnName("time_zone").HasColumnType("varchar(64)");
        queue.Property(q => q.CreatedAt).HasColumnName("created_at").HasColumnType("datetime(6)");
        queue.Property(q => q.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");
    }
}
