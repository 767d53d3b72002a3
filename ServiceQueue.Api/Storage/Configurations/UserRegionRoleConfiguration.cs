using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class UserRegionRoleConfiguration : IEntityTypeConfiguration<UserRegionRoleRow>
{
    public void Configure(EntityTypeBuilder<UserRegionRoleRow> grant)
    {
        grant.ToTable("user_region_roles");
        grant.HasKey(g => new { g.UserId, g.Region });
        grant.Property(g => g.UserId).HasColumnName("user_id").HasColumnType("varchar(36)");
        grant.Property(g => g.Region).HasColumnName("region").HasColumnType("varchar(16)");
        grant.Property(g => g.Role).HasColumnName("role").HasColumnType("varchar(16)");
    }
}
