using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class KioskDeviceConfiguration : IEntityTypeConfiguration<KioskDeviceRow>
{
    public void Configure(EntityTypeBuilder<KioskDeviceRow> kiosk)
    {
        kiosk.ToTable("kiosk_devices");
        kiosk.HasKey(k => k.Id);
        kiosk.Property(k => k.Id).HasColumnName("id").HasColumnType("varchar(36)");
        kiosk.Property(k => k.Name).HasColumnName("name").HasColumnType("varchar(100)");
        kiosk.Property(k => k.BranchCode).HasColumnName("branch_code").HasColumnType("varchar(16)");
        kiosk.HasOne<BranchRow>().WithMany().HasForeignKey(k => k.BranchCode).HasConstraintName("fk_kiosk_devices_branch").OnDelete(DeleteBehavior.Restrict);
        kiosk.Property(k => k.Language).HasColumnName("language").HasColumnType("varchar(16)");
        kiosk.Property(k => k.TokenHash).HasColumnName("token_hash").HasColumnType("binary(32)");
        kiosk.HasIndex(k => k.TokenHash).IsUnique().HasDatabaseName("ux_kiosk_devices_token_hash");
        kiosk.Property(k => k.CreatedAt).HasColumnName("created_at").HasColumnType("datetime(6)");
        kiosk.Property(k => k.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");
        kiosk.Property(k => k.RevokedAt).HasColumnName("revoked_at").HasColumnType("datetime(6)");
        kiosk.HasMany(k => k.Queues).WithOne().HasForeignKey(q => q.KioskId).HasConstraintName("fk_kiosk_device_queues_kiosk").OnDelete(DeleteBehavior.Cascade);
    }
}
