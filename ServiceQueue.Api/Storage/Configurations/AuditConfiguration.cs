using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class AuditConfiguration : IEntityTypeConfiguration<AuditRow>
{
    public void Configure(EntityTypeBuilder<AuditRow> audit)
    {
        audit.ToTable("audit_log");
        audit.HasKey(a => a.Id);
        audit.Property(a => a.Id).HasColumnName("id").ValueGeneratedOnAdd();
        audit.Property(a => a.OccurredAt).HasColumnName("occurred_at").HasColumnType("datetime(6)");
        audit.Property(a => a.Action).HasColumnName("action").HasColumnType("varchar(64)");
        audit.Property(a => a.ActorId).HasColumnName("actor_id").HasColumnType($"varchar({AuditLog.ActorWidth})");
        audit.Property(a => a.SubjectType).HasColumnName("subject_type").HasColumnType("varchar(32)");
        audit.Property(a => a.SubjectId).HasColumnName("subject_id").HasColumnType("varchar(64)");
        audit.Property(a => a.Detail).HasColumnName("detail").HasColumnType("varchar(1000)");
        audit.Property(a => a.BranchCode).HasColumnName("branch_code").HasColumnType("varchar(16)");
        audit.HasIndex(a => new { a.BranchCode, a.OccurredAt }).HasDatabaseName("ix_audit_log_branch");
        audit.HasIndex(a => a.OccurredAt).HasDatabaseName("ix_audit_log_occurred");
        audit.HasIndex(a => new { a.Action, a.OccurredAt }).HasDatabaseName("ix_audit_log_action");
        audit.HasIndex(a => new { a.SubjectType, a.SubjectId }).HasDatabaseName("ix_audit_log_subject");
    }
}
