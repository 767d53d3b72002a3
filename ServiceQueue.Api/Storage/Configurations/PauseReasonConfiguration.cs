using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class PauseReasonConfiguration : IEntityTypeConfiguration<PauseReasonRow>
{
    public void Configure(EntityTypeBuilder<PauseReasonRow> reason)
    {
        reason.ToTable("pause_reasons");
        // Per branch, like queues: each office defines what its desks pause for, and its Admin changes only its own.
        reason.HasKey(r => new { r.BranchCode, r.Code });
        reason.Property(r => r.BranchCode).HasColumnName("branch_code").HasColumnType("varchar(16)");
        reason.HasOne<BranchRow>().WithMany().HasForeignKey(r => r.BranchCode).HasConstraintName("fk_pause_reasons_branch").OnDelete(DeleteBehavior.Restrict);
        reason.Property(r => r.Code).HasColumnName("code").HasColumnType("varchar(32)").UseCollation("utf8mb4_bin");
        reason.Property(r => r.Name).HasColumnName("name").HasColumnType("varchar(100)");
        reason.Property(r => r.Active).HasColumnName("active").HasColumnType("tinyint(1)");
        reason.Property(r => r.CreatedAt).HasColumnName("created_at").HasColumnType("datetime(6)");
        reason.Property(r => r.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");
    }
}
