using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// Applies EF's pending migrations one replica at a time: a MySQL named lock serialises replicas, so the
/// second one finds the work done. A database the SQL-script runner of earlier versions created (its
/// <c>schema_migrations</c> at the last script, no EF history yet) is adopted: its schema is the baseline
/// migration's, which is recorded as applied, and only the later migrations run on it.
/// </summary>
internal sealed partial class DatabaseMigrator(
    IDbContextFactory<ServiceQueueDbContext> contexts,
    IOptions<MigrationOptions> options,
    ILogger<DatabaseMigrator> logger)
{
    public const string LockName = "servicequeue.schema_migrations";

    /// <summary>The EF migration whose schema equals the one the script runner's last version (3) made.</summary>
    public const string BaselineMigration = "20261206195703_Baseline";

    private const string ScriptRunnerTable = "schema_migrations";
    private const int ScriptRunnerLastVersion = 3;

    /// <summary>Applies what is pending and returns the migrations this call applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One connection for the lock and the migrations: a named lock belongs to the session that took it.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await AcquireLockAsync(db, cancellationToken);
            try
            {
                await AdoptScriptRunnerSchemaAsync(db, cancellationToken);
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                foreach (var migration in pending)
                {
                    LogApplying(logger, migration);
                }

                if (pending.Count > 0)
                {
                    await db.Database.MigrateAsync(cancellationToken);
                }

                LogUpToDate(logger, db.Database.GetMigrations().LastOrDefault() ?? "none", pending.Count);
                return pending;
            }
            finally
            {
                await db.Database.SqlQuery<long?>($"SELECT CAST(RELEASE_LOCK({LockName}) AS SIGNED) AS `Value`").ToListAsync(CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task AcquireLockAsync(ServiceQueueDbContext db, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(options.Value.LockTimeout.TotalSeconds);
        var acquired = await db.Database.SqlQuery<long?>($"SELECT CAST(GET_LOCK({LockName}, {seconds}) AS SIGNED) AS `Value`").ToListAsync(cancellationToken);
        if (acquired.SingleOrDefault() != 1)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"Another replica held the migration lock '{LockName}' for more than {seconds} s (Storage__Migrations__LockTimeout)."));
        }
    }

    private async Task AdoptScriptRunnerSchemaAsync(ServiceQueueDbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        if (await history.ExistsAsync(cancellationToken) || !await TableExistsAsync(db, ScriptRunnerTable, cancellationToken))
        {
            return;
        }

        var version = (await db.Database.SqlQuery<int?>($"SELECT MAX(version) AS `Value` FROM schema_migrations").ToListAsync(cancellationToken)).SingleOrDefault();
        if (version is null)
        {
            // The runner made its table and applied nothing: the database is empty, the baseline makes it.
            return;
        }

        if (version != ScriptRunnerLastVersion)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The database's schema is at script version {version}; only version {ScriptRunnerLastVersion} can be upgraded. Start the previous Api release on it once first."));
        }

        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            history.GetInsertScript(new Microsoft.EntityFrameworkCore.Migrations.HistoryRow(BaselineMigration, ProductInfo.GetVersion())), cancellationToken);
        LogAdopted(logger, ScriptRunnerLastVersion, BaselineMigration);
    }

    private static async Task<bool> TableExistsAsync(ServiceQueueDbContext db, string table, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<long>(
                $"SELECT COUNT(*) AS `Value` FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = {table}")
            .ToListAsync(cancellationToken)).Single() > 0;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applying migration {Migration}")]
    private static partial void LogApplying(ILogger logger, string migration);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Schema at migration {Migration}; {Applied} migrations applied now")]
    private static partial void LogUpToDate(ILogger logger, string migration, int applied);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Adopted a schema made by the script runner (version {Version}) as migration {Migration}")]
    private static partial void LogAdopted(ILogger logger, int version, string migration);
}
