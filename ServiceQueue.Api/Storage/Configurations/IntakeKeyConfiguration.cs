using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class IntakeKeyConfiguration : IEntityTypeConfiguration<IntakeKeyRow>
{
    public void Configure(EntityTypeBuilder<IntakeKeyRow> key)
    {
        key.ToTable("intake_keys");
        key.HasKey(k => k.RequestId);
        key.Property(k => k.RequestId).HasColumnName("request_id").HasColumnType("varchar(64)");
        key.Property(k => k.BodyHash).HasColumnName("body_hash").HasColumnType("binary(32)");
        key.Property(k => k.QueueCode).HasColumnName("queue_code").HasColumnType("varchar(16)");
        key.Property(k => k.CreatedAt).HasColumnName("created_at").HasColumnType("datetime(6)");
        key.Property(k => k.ConfirmedAt).HasColumnName("confirmed_at").HasColumnType("datetime(6)");
    }
}
