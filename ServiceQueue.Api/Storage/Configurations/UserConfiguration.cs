using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceQueue.Api.Storage.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<UserRow>
{
    public void Configure(EntityTypeBuilder<UserRow> user)
    {
        user.ToTable("users");
        user.HasKey(u => u.Id);
        // VARCHAR, not CHAR(36): MySQL drivers read CHAR(36) as a GUID.
        user.Property(u => u.Id).HasColumnName("id").HasColumnType("varchar(36)");
        user.Property(u => u.UserName).HasColumnName("user_name").HasColumnType("varchar(64)");
        user.Property(u => u.Role).HasColumnName("role").HasColumnType("varchar(16)");
        user.Property(u => u.FullName).HasColumnName("full_name").HasColumnType("varbinary(1024)");
        user.Property(u => u.Email).HasColumnName("email").HasColumnType("varbinary(1024)");
        user.Property(u => u.EmailIndex).HasColumnName("email_index").HasColumnType("binary(32)");
        user.Property(u => u.DefaultDesk).HasColumnName("default_desk").HasColumnType("varchar(32)");
        user.Property(u => u.PasswordHash).HasColumnName("password_hash").HasColumnType("varchar(512)");
        user.Property(u => u.FailedLogins).HasColumnName("failed_logins").HasDefaultValue(0);
        user.Property(u => u.LockedUntil).HasColumnName("locked_until").HasColumnType("datetime(6)");
        user.Property(u => u.CreatedAt).HasColumnName("created_at").HasColumnType("datetime(6)");
        user.Property(u => u.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");
        user.HasIndex(u => u.UserName).IsUnique().HasDatabaseName(UserConfiguration.UserNameKey);
        user.HasIndex(u => u.EmailIndex).IsUnique().HasDatabaseName(UserConfiguration.EmailKey);
        user.HasMany(u => u.Queues).WithOne().HasForeignKey(q => q.UserId).HasConstraintName("fk_user_queues_user").OnDelete(DeleteBehavior.Cascade);
        user.HasMany(u => u.BranchRoles).WithOne().HasForeignKey(g => g.UserId).HasConstraintName("fk_user_branch_roles_user").OnDelete(DeleteBehavior.Cascade);
        user.HasMany(u => u.RegionRoles).WithOne().HasForeignKey(g => g.UserId).HasConstraintName("fk_user_region_roles_user").OnDelete(DeleteBehavior.Cascade);
        user.HasMany<RefreshTokenRow>().WithOne().HasForeignKey(t => t.UserId).HasConstraintName("fk_refresh_tokens_user").OnDelete(DeleteBehavior.Cascade);
    }

    /// <summary>The unique keys a duplicate-key error names.</summary>
    public const string UserNameKey = "ux_users_user_name";
    public const string EmailKey = "ux_users_email_index";
}
