using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class KioskTicketConfiguration : IEntityTypeConfiguration<KioskTicketRow>
{
    public void Configure(EntityTypeBuilder<KioskTicketRow> ticket)
    {
        ticket.ToTable("kiosk_tickets");
        ticket.HasKey(t => t.RequestId);
        ticket.Property(t => t.RequestId).HasColumnName("request_id").HasColumnType("varchar(64)");
        ticket.Property(t => t.KioskId).HasColumnName("kiosk_id").HasColumnType("varchar(36)");
        ticket.Property(t => t.QueueCode).HasColumnName("queue_code").HasColumnType("varchar(16)");
        // An AES-256-GCM envelope (FieldEncryptor): the token opens the ticket page, so it is never stored in the clear.
        ticket.Property(t => t.HolderToken).HasColumnName("holder_token").HasColumnType("varbinary(128)");
        ticket.Property(t => t.CreatedAt).HasColumnName("created_at").HasColumnType("datetime(6)");
        ticket.HasIndex(t => t.KioskId).HasDatabaseName("ix_kiosk_tickets_kiosk");
    }
}
