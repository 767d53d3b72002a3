extern alias api;

using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using ServiceQueue.ServiceDefaults.Security;
using ApiModel = api::ServiceQueue.Api.Model;
using AuthOptions = api::ServiceQueue.Api.Options.AuthOptions;
using OptionsFactory = Microsoft.Extensions.Options.Options;
using PasswordHasher = api::ServiceQueue.Api.Identity.PasswordHasher;

namespace ServiceQueue.Tests.Api;

/// <summary>A database the previous version (SQL scripts, MySql.Data) made and filled, opened by the EF Core Api.</summary>
public sealed class SchemaUpgradeTests
{
    // 49 characters: the script-era history kept only the first 36.
    private const string LongName = "attendant.with.a.rather.long.user.name.0123456789";
    private const string Password = "an-old-but-good-password";

    [Fact]
    public async Task A_database_made_by_the_previous_version_is_upgraded_in_place_and_every_row_is_still_there()
    {
        var database = await MigrationTests.CreateDatabaseAsync();
        await PresentSchema.CreateAsync(database);
        var settings = await ApiFactory.SettingsAsync(database, new Dictionary<string, string?> { ["History:Enabled"] = "false" });
        var encryptor = new FieldEncryptor(OptionsFactory.Create(
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(EncryptionOptions.SectionName).Get<EncryptionOptions>()!));
        var hash = new PasswordHasher(OptionsFactory.Create(new AuthOptions())).Hash(Password);
        var (adminId, longId, anaId) = (Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString());
        var t0 = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

        // Written as the script-era Api wrote them: attendant names cut to 36 characters.
        const string InsertUser = """
            INSERT INTO users (id, user_name, role, full_name, default_desk, password_hash, created_at, updated_at)
            VALUES (@id, @name, @role, @fullName, 'D1', @hash, @t0, @t0)
            """;
        await ApiDatabase.ExecuteAsync(database, InsertUser, new { id = adminId, name = "old-admin", role = "Admin", fullName = (byte[]?)null, hash, t0 });
        await ApiDatabase.ExecuteAsync(database, InsertUser, new { id = longId, name = LongName, role = "Attendant", fullName = encryptor.Encrypt("Inês Cardoso", $"users/{longId}/full_name"), hash, t0 });
        await ApiDatabase.ExecuteAsync(database, InsertUser, new { id = anaId, name = "ana", role = "Attendant", fullName = (byte[]?)null, hash, t0 });
        await ApiDatabase.ExecuteAsync(database, "INSERT INTO user_queues (user_id, queue_code) VALUES (@anaId, 'GEN'), (@longId, 'GEN'), (@longId, 'CASH')", new { anaId, longId });
        await ApiDatabase.ExecuteAsync(database, """
            INSERT INTO refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at)
            VALUES (@token, REPEAT('a', 32), @anaId, @t0, @t0)
            """, new { token = RandomNumberGenerator.GetBytes(32), anaId, t0 });
        foreach (var (cursor, attendant) in new[] { ("1", LongName[..36]), ("2", "ana"), ("3", "att-unknown") })
        {
            await ApiDatabase.ExecuteAsync(database, """
                INSERT INTO service_history (event_cursor, ticket_id, request_id, queue_code, number, priority, channel, outcome,
                  enqueued_at, called_at, started_at, finished_at, attendant_id, desk)
                VALUES (@cursor, @cursor, @cursor, 'GEN', 'G-001', 'normal', 'kiosk', 'completed', @t0, @t0, @t0, @t0, @attendant, 'D1')
                """, new { cursor = "old-" + cursor, attendant, t0 });
        }

        await ApiDatabase.ExecuteAsync(database, """
            INSERT INTO audit_log (occurred_at, action, actor_id, subject_type, subject_id, detail) VALUES
              (@t0, 'user_created', @adminId, 'user', @anaId, 'role=Attendant'),
              (@t0, 'ticket_moved', @cut, 'ticket', 'old-1', 'queue=GEN number=G-001 position=1')
            """, new { t0, adminId, anaId, cut = LongName[..36] });
        // Two queues: the older one's time zone becomes the default branch's.
        var (olderQueue, newerQueue) = (QueueCodes.New(), QueueCodes.New());
        await ApiDatabase.ExecuteAsync(database, """
            INSERT INTO queue_definitions (code, name, prefix, time_zone, created_at, updated_at) VALUES
              (@newerQueue, 'Cashier', 'C', 'Asia/Tokyo', @t0, @t0),
              (@olderQueue, 'General', 'G', 'Europe/Lisbon', @before, @t0)
            """, new { olderQueue, newerQueue, t0, before = t0.AddDays(-30) });
        await ApiDatabase.ExecuteAsync(database, "INSERT INTO history_cursor (follower, event_cursor, updated_at) VALUES ('history', '3', @t0)", new { t0 });
        await ApiDatabase.ExecuteAsync(database, """
            INSERT INTO rejected_requests (request_id, queue_code, reason, detail, rejected_at, recorded_at) VALUES ('old-rejected', 'GEN', 'queue_closed', NULL, @t0, @t0);
            INSERT INTO intake_keys (request_id, body_hash, queue_code, created_at) VALUES ('old-key', @bodyHash, 'GEN', @t0)
            """, new { t0, bodyHash = RandomNumberGenerator.GetBytes(32) });

        using var api = await ApiFactory.CreateAsync(database, settings);
        api.StartServer();

        // The schema moved on in place: the previous runner's record kept, EF's history holding every migration.
        Assert.Equal(MigrationTests.AllMigrations(database), await ApiDatabase.QueryAsync<string>(database, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId"));
        Assert.Equal(3L, await ApiDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM schema_migrations"));
        foreach (var (table, rows) in new[] { ("users", 3L), ("user_queues", 3L), ("refresh_tokens", 1L), ("service_history", 3L), ("history_cursor", 1L), ("rejected_requests", 1L), ("intake_keys", 1L), ("queue_definitions", 2L) })
        {
            Assert.Equal(rows, await ApiDatabase.ScalarAsync<long>(database, $"SELECT COUNT(*) FROM {table}"));
        }

        // Everything that existed is the default branch's, which has the oldest queue's time zone.
        Assert.Equal([("MAIN", "Main office", "Europe/Lisbon", true)],
            await ApiDatabase.QueryAsync<(string, string, string, bool)>(database, "SELECT code, name, time_zone, is_open FROM branches"));
        Assert.Equal(["MAIN", "MAIN"], await ApiDatabase.QueryAsync<string>(database, "SELECT branch_code FROM queue_definitions"));
        foreach (var table in new[] { "user_queues", "service_history", "rejected_requests" })
        {
            Assert.Equal(["MAIN"], await ApiDatabase.QueryAsync<string>(database, $"SELECT DISTINCT branch_code FROM {table}"));
        }

        // Staff keep their role in the default branch; the Admin stays global, with no branch role.
        Assert.Equal(new[] { (anaId, "MAIN", "Attendant"), (longId, "MAIN", "Attendant") }.Order(),
            (await ApiDatabase.QueryAsync<(string, string, string)>(database, "SELECT user_id, branch_code, role FROM user_branch_roles")).Order());

        // Every row, through the Api.
        using var admin = api.ClientWith((await api.LoginAsync("old-admin", Password)).AccessToken);
        var users = (await admin.GetFromJsonAsync<ApiModel.UserResponse[]>("/api/v1/users"))!;
        Assert.Equal(["ana", LongName, "old-admin"], users.Select(u => u.UserName).Order(StringComparer.Ordinal));
        var longUser = users.Single(u => u.Id == longId);
        Assert.Equal("Inês Cardoso", longUser.FullName);
        Assert.Equal(["CASH", "GEN"], longUser.Queues);
        Assert.Equal([("MAIN", "Attendant", "CASH,GEN")], longUser.Branches.Select(b => (b.Branch, b.Role, string.Join(',', b.Queues))));
        var ana = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken((await api.LoginAsync("ana", Password)).AccessToken);
        Assert.Equal(["MAIN:Attendant"], ana.Claims.Where(c => c.Type == "branches").Select(c => c.Value));
        Assert.Equal(["GEN"], ana.Claims.Where(c => c.Type == "queues").Select(c => c.Value));

        var queues = (await admin.GetFromJsonAsync<ApiModel.QueueResponse[]>("/api/v1/queues"))!;
        Assert.Equal([(olderQueue, "MAIN", "Europe/Lisbon"), (newerQueue, "MAIN", "Asia/Tokyo")],
            queues.Select(q => (q.Code, q.Branch, q.TimeZone)).OrderBy(q => q.Code == olderQueue ? 0 : 1));
        var branch = Assert.Single((await admin.GetFromJsonAsync<ApiModel.BranchResponse[]>("/api/v1/branches"))!);
        Assert.Equal(("MAIN", "Europe/Lisbon"), (branch.Code, branch.TimeZone));

        var history = await ItemsAsync(admin, "/api/v1/history");
        Assert.Equal(
            [("old-1", longId, LongName), ("old-2", anaId, "ana"), ("old-3", "att-unknown", "att-unknown")],
            history.Select(e => (e.GetProperty("ticketId").GetString(), e.GetProperty("attendantId").GetString(), e.GetProperty("attendantName").GetString()))
                .Order());
        Assert.All(history, e => Assert.Equal("MAIN", e.GetProperty("branch").GetString()));
        Assert.Equal("old-1", Assert.Single(await ItemsAsync(admin, $"/api/v1/history?attendant={LongName}")).GetProperty("ticketId").GetString());
        Assert.Equal("old-1", Assert.Single(await ItemsAsync(admin, $"/api/v1/history?attendant={longId}")).GetProperty("ticketId").GetString());

        var audit = await ItemsAsync(admin, "/api/v1/audit?to=2026-11-03T00:00:00Z");
        Assert.Equal(
            [("ticket_moved", LongName), ("user_created", adminId)],
            audit.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actorId").GetString())).Order());
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string path)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(path);
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
