using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class UserQueueConfiguration : IEntityTypeConfiguration<UserQueueRow>
{
    public void Configure(EntityTypeBuilder<UserQueueRow> queue)
    {
        queue.ToTable("user_queues");
        queue.HasKey(q => new { q.UserId, q.BranchCode, q.QueueCode });
        queue.Property(q => q.UserId).HasColumnName("user_id").HasColumnType("varchar(36)");
        // No model default (the BranchRoles migration gave the column one to fill the rows from before branches): a key part
        // with a default counts as generated, and EF would take a new row with its key set for one already stored.
        queue.Property(q => q.BranchCode).HasColumnName("branch_code").HasColumnType("varchar(16)");
        queue.Property(q => q.QueueCode).HasColumnName("queue_code").HasColumnType("varchar(16)");
        queue.HasIndex(q => new { q.BranchCode, q.QueueCode }).HasDatabaseName("ix_user_queues_queue");
    }
}
