extern alias api;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceQueue.Tests.Infrastructure;
using MigrationOptions = api::ServiceQueue.Api.Storage.MigrationOptions;
using MigrationRunner = api::ServiceQueue.Api.Storage.MigrationRunner;
using MySqlConnectionFactory = api::ServiceQueue.Api.Storage.MySqlConnectionFactory;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace ServiceQueue.Tests.Api;

public sealed class MigrationTests
{
    private static readonly string[] Tables =
    [
        "schema_migrations", "users", "user_queues", "refresh_tokens", "audit_log",
        "queue_definitions", "service_history", "history_cursor", "rejected_requests",
    ];

    [Fact]
    public async Task An_empty_database_gets_every_migration_and_every_table()
    {
        var database = await CreateDatabaseAsync();
        var runner = RunnerFor(database);

        var applied = await runner.MigrateAsync(CancellationToken.None);

        Assert.Equal(runner.Migrations.Select(m => m.Version), applied);
        foreach (var table in Tables)
        {
            // information_schema is out of reach of this driver (utf8mb3 columns): a table exists if it can be counted.
            Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(database, $"SELECT COUNT(*) FROM {table} WHERE 1 = 0"));
        }

        Assert.Equal(runner.Migrations.Count, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Running_again_applies_nothing_and_keeps_the_data()
    {
        var database = await CreateDatabaseAsync();
        await RunnerFor(database).MigrateAsync(CancellationToken.None);
        await ApiDatabase.ExecuteAsync(database, "INSERT INTO history_cursor (follower, event_cursor, updated_at) VALUES ('f', '1-0', UTC_TIMESTAMP(6))");

        var applied = await RunnerFor(database).MigrateAsync(CancellationToken.None);

        Assert.Empty(applied);
        Assert.Equal("1-0", await ApiDatabase.ScalarAsync<string>(database, "SELECT event_cursor FROM history_cursor"));
    }

    [Fact]
    public async Task Two_runners_racing_on_an_empty_database_apply_each_migration_exactly_once()
    {
        var database = await CreateDatabaseAsync();
        var first = RunnerFor(database);
        var second = RunnerFor(database);

        var results = await Task.WhenAll(
            Task.Run(() => first.MigrateAsync(CancellationToken.None)),
            Task.Run(() => second.MigrateAsync(CancellationToken.None)));

        Assert.Equal(first.Migrations.Select(m => m.Version), results.SelectMany(r => r).Order());
        Assert.Equal(first.Migrations.Count, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(0L, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM users"));
    }

    [Fact]
    public async Task Two_Api_instances_starting_together_on_an_empty_database_share_one_schema_and_one_bootstrap_admin()
    {
        var database = await CreateDatabaseAsync();
        using var first = new ApiFactory(database);
        var password = first.AdminPassword;
        using var second = new ApiFactory(database, new Dictionary<string, string?>
        {
            ["Security:Jwt:SigningKey"] = first.Settings["Security:Jwt:SigningKey"],
            ["Security:Encryption:Keys:k1"] = first.Settings["Security:Encryption:Keys:k1"],
            ["Security:Encryption:BlindIndexKey"] = first.Settings["Security:Encryption:BlindIndexKey"],
            ["Bootstrap:AdminPassword"] = password,
        });

        await Task.WhenAll(Task.Run(first.StartServer), Task.Run(second.StartServer));

        Assert.Equal(1L, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM users"));
        Assert.Equal(first.Services.GetRequiredService<MigrationRunner>().Migrations.Count,
            await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.NotNull(await first.LoginAsync(ApiFactory.AdminUserName, password));
        Assert.NotNull(await second.LoginAsync(ApiFactory.AdminUserName, password));
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_stops_the_start()
    {
        var database = await CreateDatabaseAsync();
        await RunnerFor(database).MigrateAsync(CancellationToken.None);
        await ApiDatabase.ExecuteAsync(database, "UPDATE schema_migrations SET checksum = REPEAT('0', 64) WHERE version = 1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunnerFor(database).MigrateAsync(CancellationToken.None));
        Assert.Contains("Migration 1", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> CreateDatabaseAsync() => await (await TestServers.GetAsync()).CreateDatabaseAsync();

    private static MigrationRunner RunnerFor(string connectionString) => new(
        new MySqlConnectionFactory(connectionString),
        OptionsFactory.Create(new MigrationOptions()),
        TimeProvider.System,
        NullLogger<MigrationRunner>.Instance);
}
