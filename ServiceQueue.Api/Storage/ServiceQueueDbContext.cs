using Microsoft.EntityFrameworkCore;

namespace ServiceQueue.Api.Storage;

/// <summary>The Api's tables in MySQL; each table's shape lives in its own <c>Configurations/</c> file.</summary>
internal sealed class ServiceQueueDbContext(DbContextOptions<ServiceQueueDbContext> options) : DbContext(options)
{
    public const string ConnectionName = "servicequeuedb";
    public const string CharSet = "utf8mb4";
    public const string Collation = "utf8mb4_unicode_ci";

    public DbSet<UserRow> Users => Set<UserRow>();

    public DbSet<UserQueueRow> UserQueues => Set<UserQueueRow>();

    public DbSet<UserBranchRoleRow> UserBranchRoles => Set<UserBranchRoleRow>();

    public DbSet<UserRegionRoleRow> UserRegionRoles => Set<UserRegionRoleRow>();

    public DbSet<RefreshTokenRow> RefreshTokens => Set<RefreshTokenRow>();

    public DbSet<AuditRow> AuditLog => Set<AuditRow>();

    public DbSet<BranchRow> Branches => Set<BranchRow>();

    public DbSet<QueueDefinitionRow> QueueDefinitions => Set<QueueDefinitionRow>();

    public DbSet<IntakeKeyRow> IntakeKeys => Set<IntakeKeyRow>();

    public DbSet<HistoryRow> ServiceHistory => Set<HistoryRow>();

    public DbSet<HistoryCursorRow> HistoryCursors => Set<HistoryCursorRow>();

    public DbSet<RejectedRequestRow> RejectedRequests => Set<RejectedRequestRow>();

    public DbSet<KioskDeviceRow> KioskDevices => Set<KioskDeviceRow>();

    public DbSet<KioskDeviceQueueRow> KioskDeviceQueues => Set<KioskDeviceQueueRow>();

    public DbSet<KioskTicketRow> KioskTickets => Set<KioskTicketRow>();

    public DbSet<PauseReasonRow> PauseReasons => Set<PauseReasonRow>();

    public DbSet<PresenceIntervalRow> AttendantPresence => Set<PresenceIntervalRow>();

    public DbSet<AlertRow> Alerts => Set<AlertRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Stated, not inherited from the server: MariaDB's and MySQL's defaults differ, and latin1 would lose CJK and emoji.
        modelBuilder.HasCharSet(CharSet).UseCollation(Collation);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ServiceQueueDbContext).Assembly);
    }
}
