using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class BranchConfiguration : IEntityTypeConfiguration<BranchRow>
{
    public void Configure(EntityTypeBuilder<BranchRow> branch)
    {
        branch.ToTable("branches");
        branch.HasKey(b => b.Code);
        branch.Property(b => b.Code).HasColumnName("code").HasColumnType("varchar(16)");
        branch.Property(b => b.Name).HasColumnName("name").HasColumnType("varchar(100)");
        branch.Property(b => b.TimeZone).HasColumnName("time_zone").HasColumnType("varchar(64)");
        branch.Property(b => b.IsOpen).HasColumnName("is_open").HasColumnType("tinyint(1)").HasDefaultValue(true).HasSentinel(true);
        branch.Property(b => b.Region).HasColumnName("region").HasColumnType("varchar(16)");
        branch.HasIndex(b => b.Region).HasDatabaseName("ix_branches_region");
        branch.Property(b => b.CreatedAt).HasColumnName("created_at").HasColumnType("datetime(6)");
        branch.Property(b => b.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");
    }
}
