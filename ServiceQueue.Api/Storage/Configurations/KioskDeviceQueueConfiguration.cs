using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class KioskDeviceQueueConfiguration : IEntityTypeConfiguration<KioskDeviceQueueRow>
{
    public void Configure(EntityTypeBuilder<KioskDeviceQueueRow> queue)
    {
        queue.ToTable("kiosk_device_queues");
        queue.HasKey(q => new { q.KioskId, q.QueueCode });
        queue.Property(q => q.KioskId).HasColumnName("kiosk_id").HasColumnType("varchar(36)");
        // The branch is the kiosk's own, so the code alone names the queue.
        queue.Property(q => q.QueueCode).HasColumnName("queue_code").HasColumnType("varchar(16)");
    }
}
