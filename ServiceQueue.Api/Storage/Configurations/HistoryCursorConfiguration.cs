using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class HistoryCursorConfiguration : IEntityTypeConfiguration<HistoryCursorRow>
{
    public void Configure(EntityTypeBuilder<HistoryCursorRow> cursor)
    {
        cursor.ToTable("history_cursor");
        cursor.HasKey(c => c.Follower);
        cursor.Property(c => c.Follower).HasColumnName("follower").HasColumnType("varchar(64)");
        cursor.Property(c => c.EventCursor).HasColumnName("event_cursor").HasColumnType("varchar(64)");
        cursor.Property(c => c.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");
    }
}
