using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class UserQueueConfiguration : IEntityTypeConfiguration<UserQueueRow>
{
    public void Configure(EntityTypeBuilder<UserQueueRow> queue)
    {
        queue.ToTable("user_queues");
        queue.HasKey(q => new { q.UserId, q.QueueCode });
        queue.Property(q => q.UserId).HasColumnName("user_id").HasColumnType("varchar(36)");
        queue.Property(q => q.QueueCode).HasColumnName("queue_code").HasColumnType("varchar(16)");
        queue.HasIndex(q => q.QueueCode).HasDatabaseName("ix_user_queues_queue");
    }
}
