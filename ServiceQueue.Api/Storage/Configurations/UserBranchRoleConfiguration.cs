using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class UserBranchRoleConfiguration : IEntityTypeConfiguration<UserBranchRoleRow>
{
    public void Configure(EntityTypeBuilder<UserBranchRoleRow> grant)
    {
        grant.ToTable("user_branch_roles");
        // One role per user and branch: the stronger one is what a user would be given.
        grant.HasKey(g => new { g.UserId, g.BranchCode });
        grant.Property(g => g.UserId).HasColumnName("user_id").HasColumnType("varchar(36)");
        grant.Property(g => g.BranchCode).HasColumnName("branch_code").HasColumnType("varchar(16)");
        grant.Property(g => g.Role).HasColumnName("role").HasColumnType("varchar(16)");
        grant.HasOne<BranchRow>().WithMany().HasForeignKey(g => g.BranchCode).HasConstraintName("fk_user_branch_roles_branch").OnDelete(DeleteBehavior.Restrict);
        grant.HasIndex(g => g.BranchCode).HasDatabaseName("ix_user_branch_roles_branch");
    }
}
