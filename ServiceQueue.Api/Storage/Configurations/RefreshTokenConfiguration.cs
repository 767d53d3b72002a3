using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshTokenRow>
{
    public void Configure(EntityTypeBuilder<RefreshTokenRow> token)
    {
        token.ToTable("refresh_tokens");
        token.HasKey(t => t.TokenHash);
        token.Property(t => t.TokenHash).HasColumnName("token_hash").HasColumnType("binary(32)");
        token.Property(t => t.FamilyId).HasColumnName("family_id").HasColumnType("char(32)");
        token.Property(t => t.UserId).HasColumnName("user_id").HasColumnType("varchar(36)");
        token.Property(t => t.IssuedAt).HasColumnName("issued_at").HasColumnType("datetime(6)");
        token.Property(t => t.ExpiresAt).HasColumnName("expires_at").HasColumnType("datetime(6)");
        token.Property(t => t.UsedAt).HasColumnName("used_at").HasColumnType("datetime(6)");
        token.Property(t => t.RevokedAt).HasColumnName("revoked_at").HasColumnType("datetime(6)");
        token.Property(t => t.RevokedReason).HasColumnName("revoked_reason").HasColumnType("varchar(32)");
        token.HasIndex(t => t.FamilyId).HasDatabaseName("ix_refresh_tokens_family");
        token.HasIndex(t => t.UserId).HasDatabaseName("ix_refresh_tokens_user");
    }
}
