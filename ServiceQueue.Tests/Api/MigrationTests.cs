extern alias api;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceQueue.Tests.Infrastructure;
using DatabaseMigrator = api::ServiceQueue.Api.Storage.DatabaseMigrator;
using MigrationOptions = api::ServiceQueue.Api.Storage.MigrationOptions;
using OptionsFactory = Microsoft.Extensions.Options.Options;
using ServiceQueueDbContext = api::ServiceQueue.Api.Storage.ServiceQueueDbContext;

namespace ServiceQueue.Tests.Api;

public sealed class MigrationTests
{
    private static readonly string[] Tables =
    [
        "__EFMigrationsHistory", "users", "user_queues", "refresh_tokens", "audit_log",
        "branches", "queue_definitions", "intake_keys", "service_history", "history_cursor", "rejected_requests",
        "kiosk_devices", "kiosk_device_queues", "kiosk_tickets", "pause_reasons", "attendant_presence", "alerts",
    ];

    [Fact]
    public async Task An_empty_database_gets_every_migration_and_every_table()
    {
        var database = await CreateDatabaseAsync();

        var applied = await MigratorFor(database).MigrateAsync(CancellationToken.None);

        Assert.Equal(AllMigrations(database), applied);
        foreach (var table in Tables)
        {
            Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(database,
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = @table", new { table }));
        }

        Assert.Equal(AllMigrations(database).Count, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM __EFMigrationsHistory"));
        // Without a queue to take it from, the default branch keeps UTC.
        Assert.Equal([("MAIN", "Main office", "UTC", true)],
            await ApiDatabase.QueryAsync<(string, string, string, bool)>(database, "SELECT code, name, time_zone, is_open FROM branches"));
        // Stated in the model, not left to the server's defaults.
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(database,
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name <> '__EFMigrationsHistory' AND table_collation <> 'utf8mb4_unicode_ci'"));
    }

    [Fact]
    public async Task Running_again_applies_nothing_and_keeps_the_data()
    {
        var database = await CreateDatabaseAsync();
        await MigratorFor(database).MigrateAsync(CancellationToken.None);
        await ApiDatabase.ExecuteAsync(database, "INSERT INTO history_cursor (follower, event_cursor, updated_at) VALUES ('f', '1-0', UTC_TIMESTAMP(6))");

        var applied = await MigratorFor(database).MigrateAsync(CancellationToken.None);

        Assert.Empty(applied);
        Assert.Equal("1-0", await ApiDatabase.ScalarAsync<string>(database, "SELECT event_cursor FROM history_cursor"));
    }

    [Fact]
    public async Task Two_migrators_racing_on_an_empty_database_apply_each_migration_exactly_once()
    {
        var database = await CreateDatabaseAsync();
        var first = MigratorFor(database);
        var second = MigratorFor(database);

        var results = await Task.WhenAll(
            Task.Run(() => first.MigrateAsync(CancellationToken.None)),
            Task.Run(() => second.MigrateAsync(CancellationToken.None)));

        Assert.Equal(AllMigrations(database), results.SelectMany(r => r).Order(StringComparer.Ordinal));
        Assert.Equal(AllMigrations(database).Count, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM __EFMigrationsHistory"));
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM users"));
    }

    [Fact]
    public async Task Two_Api_instances_starting_together_on_an_empty_database_share_one_schema_and_one_bootstrap_admin()
    {
        var database = await CreateDatabaseAsync();
        using var first = await ApiFactory.CreateAsync(database);
        var password = first.AdminPassword;
        using var second = await ApiFactory.CreateAsync(database, new Dictionary<string, string?>
        {
            ["Security:Jwt:SigningKey"] = first.Settings["Security:Jwt:SigningKey"],
            ["Security:Encryption:Keys:k1"] = first.Settings["Security:Encryption:Keys:k1"],
            ["Security:Encryption:BlindIndexKey"] = first.Settings["Security:Encryption:BlindIndexKey"],
            ["Bootstrap:AdminPassword"] = password,
        });

        await Task.WhenAll(Task.Run(first.StartServer), Task.Run(second.StartServer));

        Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM users"));
        Assert.Equal(AllMigrations(database).Count, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM __EFMigrationsHistory"));
        Assert.NotNull(await first.LoginAsync(ApiFactory.AdminUserName, password));
        Assert.NotNull(await second.LoginAsync(ApiFactory.AdminUserName, password));
    }

    [Fact]
    public async Task A_database_the_script_runner_left_short_of_its_last_script_stops_the_start_naming_its_version()
    {
        var database = await CreateDatabaseAsync();
        await PresentSchema.CreateAsync(database, upToVersion: 2);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MigratorFor(database).MigrateAsync(CancellationToken.None));

        Assert.Contains("script version 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(database,
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '__EFMigrationsHistory'"));
    }

    internal static async Task<string> CreateDatabaseAsync() => await (await TestServers.GetAsync()).CreateDatabaseAsync();

    internal static IReadOnlyList<string> AllMigrations(string connectionString)
    {
        using var db = ContextsFor(connectionString).CreateDbContext();
        return [.. db.Database.GetMigrations()];
    }

    private static DatabaseMigrator MigratorFor(string connectionString) => new(
        ContextsFor(connectionString),
        OptionsFactory.Create(new MigrationOptions()),
        NullLogger<DatabaseMigrator>.Instance);

    private static PooledDbContextFactory<ServiceQueueDbContext> ContextsFor(string connectionString) => new(
        new DbContextOptionsBuilder<ServiceQueueDbContext>()
            .UseMySql(connectionString, new MariaDbServerVersion(new Version(10, 11, 19)), mySql => mySql.EnableRetryOnFailure())
            .Options);
}
