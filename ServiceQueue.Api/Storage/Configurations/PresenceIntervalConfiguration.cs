using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class PresenceIntervalConfiguration : IEntityTypeConfiguration<PresenceIntervalRow>
{
    public void Configure(EntityTypeBuilder<PresenceIntervalRow> interval)
    {
        interval.ToTable("attendant_presence");
        interval.HasKey(p => p.Id);
        interval.Property(p => p.Id).HasColumnName("id");
        interval.Property(p => p.EventCursor).HasColumnName("event_cursor").HasColumnType("varchar(20)");
        interval.HasIndex(p => p.EventCursor).IsUnique().HasDatabaseName("ux_attendant_presence_event");
        interval.Property(p => p.BranchCode).HasColumnName("branch_code").HasColumnType("varchar(16)");
        interval.Property(p => p.AttendantUserId).HasColumnName("attendant_user_id").HasColumnType("varchar(36)");
        interval.Property(p => p.AttendantName).HasColumnName("attendant_name").HasColumnType("varchar(64)");
        interval.Property(p => p.Desk).HasColumnName("desk").HasColumnType("varchar(64)");
        interval.Property(p => p.State).HasColumnName("state").HasColumnType("varchar(16)");
        interval.Property(p => p.PauseReason).HasColumnName("pause_reason").HasColumnType("varchar(64)");
        interval.Property(p => p.StartedAt).HasColumnName("started_at").HasColumnType("datetime(6)");
        interval.Property(p => p.EndedAt).HasColumnName("ended_at").HasColumnType("datetime(6)");
        // The statistics read a branch's intervals overlapping a range; the follower finds an attendant's open one.
        interval.HasIndex(p => new { p.BranchCode, p.StartedAt }).HasDatabaseName("ix_attendant_presence_branch_started");
        interval.HasIndex(p => new { p.AttendantName, p.EndedAt }).HasDatabaseName("ix_attendant_presence_open");
    }
}
