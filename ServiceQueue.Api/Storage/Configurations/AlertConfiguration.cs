using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<AlertRow>
{
    public void Configure(EntityTypeBuilder<AlertRow> alert)
    {
        alert.ToTable("alerts");
        // The Broker's id: a replayed event finds its row and changes nothing new.
        alert.HasKey(a => a.Id);
        alert.Property(a => a.Id).HasColumnName("id").HasColumnType("varchar(32)").ValueGeneratedNever();
        alert.Property(a => a.BranchCode).HasColumnName("branch_code").HasColumnType("varchar(16)");
        alert.Property(a => a.QueueCode).HasColumnName("queue_code").HasColumnType("varchar(16)");
        alert.Property(a => a.Kind).HasColumnName("kind").HasColumnType("varchar(32)");
        alert.Property(a => a.RaisedAt).HasColumnName("raised_at").HasColumnType("datetime(6)");
        alert.Property(a => a.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");
        alert.Property(a => a.ClearedAt).HasColumnName("cleared_at").HasColumnType("datetime(6)");
        alert.Property(a => a.Value).HasColumnName("value");
        alert.Property(a => a.PeakValue).HasColumnName("peak_value");
        alert.Property(a => a.Threshold).HasColumnName("threshold");
        alert.Property(a => a.AcknowledgedAt).HasColumnName("acknowledged_at").HasColumnType("datetime(6)");
        alert.Property(a => a.AcknowledgedBy).HasColumnName("acknowledged_by").HasColumnType("varchar(36)");
        alert.HasIndex(a => new { a.BranchCode, a.RaisedAt }).HasDatabaseName("ix_alerts_branch_raised");
        alert.HasIndex(a => new { a.BranchCode, a.QueueCode, a.RaisedAt }).HasDatabaseName("ix_alerts_queue_raised");
    }
}
