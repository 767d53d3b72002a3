using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using MySql.Data.MySqlClient;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// Applies the embedded migrations not yet recorded in <c>schema_migrations</c>, one replica at a time:
/// a MySQL named lock serialises replicas, so the second one finds the work done.
/// </summary>
internal sealed partial class MigrationRunner(
    MySqlConnectionFactory connections,
    IOptions<MigrationOptions> options,
    TimeProvider timeProvider,
    ILogger<MigrationRunner> logger)
{
    public const string LockName = "servicequeue.schema_migrations";

    // Notes off for this statement only: MySql.Data runs SHOW WARNINGS after a note, and cannot read its utf8mb3 columns.
    private const string CreateHistoryTable = """
        SET SESSION sql_notes = 0;
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version INT NOT NULL,
          name VARCHAR(200) NOT NULL,
          checksum CHAR(64) NOT NULL,
          applied_at DATETIME(6) NOT NULL,
          PRIMARY KEY (version)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
        SET SESSION sql_notes = 1;
        """;

    public IReadOnlyList<Migration> Migrations { get; init; } = Migration.LoadEmbedded();

    /// <summary>Applies what is missing and returns the versions this call applied.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await AcquireLockAsync(connection, cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(CreateHistoryTable, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<(int Version, string Checksum)>(new CommandDefinition(
                    "SELECT version, checksum FROM schema_migrations", cancellationToken: cancellationToken)))
                .ToDictionary(m => m.Version, m => m.Checksum);

            var appliedNow = new List<int>();
            foreach (var migration in Migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                            $"Migration {migration.Version} ({migration.Name}) was changed after it was applied: add a new migration instead."));
                    }

                    continue;
                }

                LogApplying(logger, migration.Version, migration.Name);
                // DDL commits implicitly in MySQL: a migration is not atomic, so each is kept to what can be re-run by hand.
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, @AppliedAt)",
                    new { migration.Version, migration.Name, migration.Checksum, AppliedAt = timeProvider.GetUtcNow().UtcDateTime },
                    cancellationToken: cancellationToken));
                appliedNow.Add(migration.Version);
            }

            LogUpToDate(logger, Migrations.Count == 0 ? 0 : Migrations[^1].Version, appliedNow.Count);
            return appliedNow;
        }
        finally
        {
            await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT RELEASE_LOCK(@LockName)", new { LockName }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task AcquireLockAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(options.Value.LockTimeout.TotalSeconds);
        var acquired = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT GET_LOCK(@LockName, @Seconds)", new { LockName, Seconds = seconds }, cancellationToken: cancellationToken));
        if (acquired != 1)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"Another replica held the migration lock '{LockName}' for more than {seconds} s (Storage__Migrations__LockTimeout)."));
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applying migration {Version} ({Name})")]
    private static partial void LogApplying(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Schema at version {Version}; {Applied} migrations applied now")]
    private static partial void LogUpToDate(ILogger logger, int version, int applied);
}
