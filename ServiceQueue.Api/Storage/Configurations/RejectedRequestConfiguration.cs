using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class RejectedRequestConfiguration : IEntityTypeConfiguration<RejectedRequestRow>
{
    public void Configure(EntityTypeBuilder<RejectedRequestRow> rejected)
    {
        rejected.ToTable("rejected_requests");
        rejected.HasKey(r => r.RequestId);
        rejected.Property(r => r.RequestId).HasColumnName("request_id").HasColumnType("varchar(64)");
        rejected.Property(r => r.BranchCode).HasColumnName("branch_code").HasColumnType("varchar(16)").HasDefaultValue(BranchOptions.DefaultCode);
        rejected.Property(r => r.QueueCode).HasColumnName("queue_code").HasColumnType("varchar(16)");
        rejected.Property(r => r.Reason).HasColumnName("reason").HasColumnType("varchar(32)");
        rejected.Property(r => r.Detail).HasColumnName("detail").HasColumnType("varchar(500)");
        rejected.Property(r => r.RejectedAt).HasColumnName("rejected_at").HasColumnType("datetime(6)");
        rejected.Property(r => r.RecordedAt).HasColumnName("recorded_at").HasColumnType("datetime(6)");
    }
}
