extern alias api;

using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.Tests.Infrastructure;
using ServiceQueue.Tests.Security;
using ServiceQueue.Tests.ServiceDefaults;
using ApiModel = api::ServiceQueue.Api.Model;
using AuditLog = api::ServiceQueue.Api.Storage.AuditLog;
using KeyRotator = api::ServiceQueue.Api.KeyRotation.KeyRotator;
using ServiceQueueDbContext = api::ServiceQueue.Api.Storage.ServiceQueueDbContext;

namespace ServiceQueue.Tests.Api;

public sealed class KeyRotationTests
{
    [Fact]
    public async Task A_tampered_or_transplanted_ciphertext_is_refused_and_its_value_never_shown()
    {
        using var api = await ApiFactory.StartAsync(new Dictionary<string, string?> { ["History:Enabled"] = "false" });
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var tampered = await api.CreateUserAsync("Attendant", fullName: "Tomás Adulterado");
        var donor = await api.CreateUserAsync("Attendant", fullName: "Dora Doadora");
        var recipient = await api.CreateUserAsync("Attendant", fullName: "Rita Recebedora");
        Assert.Equal("Tomás Adulterado", (await admin.GetFromJsonAsync<ApiModel.UserResponse>($"/api/v1/users/{tampered.Id}"))!.FullName);

        // One flipped bit inside the ciphertext; and a valid envelope moved to another row (bound to its own).
        await ApiDatabase.ExecuteAsync(api.ConnectionString,
            "UPDATE users SET full_name = CONCAT(LEFT(full_name, 20), CHAR(ASCII(SUBSTRING(full_name, 21, 1)) ^ 1), SUBSTRING(full_name, 22)) WHERE id = @Id", new { tampered.Id });
        await ApiDatabase.ExecuteAsync(api.ConnectionString,
            "UPDATE users AS r JOIN users AS d ON d.id = @Donor SET r.full_name = d.full_name WHERE r.id = @Recipient", new { Donor = donor.Id, Recipient = recipient.Id });

        foreach (var (id, name) in new[] { (tampered.Id, "Adulterado"), (recipient.Id, "Doadora") })
        {
            using var response = await admin.GetAsync($"/api/v1/users/{id}");
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(name, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("Dora Doadora", (await admin.GetFromJsonAsync<ApiModel.UserResponse>($"/api/v1/users/{donor.Id}"))!.FullName);
    }

    [Fact]
    public async Task The_rotate_keys_command_re_encrypts_every_row_to_the_active_key_and_old_rows_read_before_and_after()
    {
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        using var before = await ApiFactory.CreateAsync(database, new Dictionary<string, string?> { ["History:Enabled"] = "false" });
        before.StartServer();
        var users = await CreateUsersAsync(before, 20, i => ($"Pessoa Número {i}", $"pessoa{i}@example.com"));

        var rotated = AuthApiTests.SameKeys(before, new()
        {
            ["Security:Encryption:ActiveKeyId"] = "k2",
            ["Security:Encryption:Keys:k2"] = TestKeys.New(),
        });
        using (var during = await ApiFactory.CreateAsync(database, rotated))
        {
            await AssertReadableAsync(during, users);
        }

        Assert.All(await KeyIdsAsync(database), k => Assert.Equal("k1", k));

        var environment = ApiFactory.ProcessEnvironment(rotated);
        environment["Logging__LogLevel__Default"] = "Warning";
        var (exitCode, stdout, stderr) = await ServiceProcess.RunAsync(new Projects.ServiceQueue_Api(), environment, "rotate-keys", "--batch-size", "7");

        Assert.True(exitCode == 0, $"exit {exitCode}: {stdout} {stderr}");
        Assert.Contains("users.full_name: 20 re-encrypted, 0 already on it, 0 changed meanwhile, 0 unreadable, 0 remaining", stdout);
        Assert.Contains("users.email: 20 re-encrypted, 0 already on it, 0 changed meanwhile, 0 unreadable, 0 remaining", stdout);
        Assert.All(await KeyIdsAsync(database), k => Assert.Equal("k2", k));

        // k1 replaced by an unrelated key: only rows really re-encrypted to k2 still read.
        using var retired = await ApiFactory.CreateAsync(database, AuthApiTests.SameKeys(before, new()
        {
            ["Security:Encryption:ActiveKeyId"] = "k2",
            ["Security:Encryption:Keys:k1"] = TestKeys.New(),
            ["Security:Encryption:Keys:k2"] = rotated["Security:Encryption:Keys:k2"],
        }));
        await AssertReadableAsync(retired, users);
        using var admin = retired.ClientWith((await retired.LoginAsAdminAsync()).AccessToken);
        var audit = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/audit?action=keys_rotated");
        Assert.Equal(1, audit.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_value_rewritten_between_the_rotations_read_and_its_write_keeps_the_writers_value_under_the_new_key()
    {
        var database = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        using var before = await ApiFactory.CreateAsync(database, new Dictionary<string, string?> { ["History:Enabled"] = "false" });
        before.StartServer();
        var users = await CreateUsersAsync(before, 6, i => ($"Antigo {i}", $"old{i}@example.com"));

        using var after = await ApiFactory.CreateAsync(database, AuthApiTests.SameKeys(before, new()
        {
            ["Security:Encryption:ActiveKeyId"] = "k2",
            ["Security:Encryption:Keys:k2"] = TestKeys.New(),
        }));
        using var admin = after.ClientWith((await after.LoginAsAdminAsync()).AccessToken);
        var raced = new HashSet<string> { users[1].User.Id, users[4].User.Id };
        var expected = users.ToList();
        var written = new Dictionary<string, byte[]>();

        // An Admin edits the user through the Api after the rotation read the old value and before it writes it back.
        var services = after.Services;
        var rotator = new KeyRotator(
            services.GetRequiredService<IDbContextFactory<ServiceQueueDbContext>>(),
            services.GetRequiredService<FieldEncryptor>(),
            services.GetRequiredService<AuditLog>(),
            services.GetRequiredService<ILogger<KeyRotator>>())
        {
            BeforeSwap = async (column, id, cancellationToken) =>
            {
                if (column.Column != "full_name" || !raced.Contains(id))
                {
                    return;
                }

                var i = expected.FindIndex(u => u.User.Id == id);
                var (name, email) = ($"Novo {i}", $"new{i}@example.com");
                var response = await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { role = "Attendant", fullName = name, email, queues = new[] { "GEN" } }, cancellationToken);
                response.EnsureSuccessStatusCode();
                expected[i] = (expected[i].User, name, email);
                written[id] = await ApiDatabase.ScalarAsync<byte[]>(database, "SELECT full_name FROM users WHERE id = @id", new { id });
            },
        };

        var results = await rotator.RotateAsync(2, CancellationToken.None);

        // The race happened for each raced row, and each time the compare-and-swap gave way to the writer.
        Assert.Equal(raced.Order(), written.Keys.Order());
        var fullName = results.Single(r => r.Column == "users.full_name");
        Assert.Equal(raced.Count, fullName.ChangedMeanwhile);
        Assert.Equal(users.Count - raced.Count, fullName.Reencrypted);
        Assert.All(results, r => Assert.Equal(0, r.Remaining));
        foreach (var (id, value) in written)
        {
            Assert.Equal("k2", FieldEncryptor.KeyIdOf(value));
            Assert.Equal(value, await ApiDatabase.ScalarAsync<byte[]>(database, "SELECT full_name FROM users WHERE id = @id", new { id }));
        }

        await AssertReadableAsync(after, expected);
        Assert.All(await KeyIdsAsync(database), k => Assert.Equal("k2", k));
    }

    /// <summary>Users created by one Admin session (logging in per user would meet the login rate limit).</summary>
    private static async Task<List<(TestUser User, string Name, string Email)>> CreateUsersAsync(ApiFactory api, int count, Func<int, (string Name, string Email)> fields)
    {
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var users = new List<(TestUser User, string Name, string Email)>();
        for (var i = 0; i < count; i++)
        {
            var (name, email) = fields(i);
            var userName = TestServers.UniqueName("r");
            var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName, password = "a-long-enough-password", role = "Attendant", fullName = name, email });
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<ApiModel.UserResponse>())!.Id;
            users.Add((new TestUser(id, userName, "a-long-enough-password", "Attendant"), name, email));
        }

        return users;
    }

    private static async Task AssertReadableAsync(ApiFactory api, IEnumerable<(TestUser User, string Name, string Email)> users)
    {
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        foreach (var (user, name, email) in users)
        {
            var read = (await admin.GetFromJsonAsync<ApiModel.UserResponse>($"/api/v1/users/{user.Id}"))!;
            Assert.Equal((name, email), (read.FullName, read.Email));
        }
    }

    private static async Task<IReadOnlyList<string?>> KeyIdsAsync(string database)
    {
        var rows = await ApiDatabase.QueryAsync<(byte[]? FullName, byte[]? Email)>(database, "SELECT full_name, email FROM users WHERE full_name IS NOT NULL OR email IS NOT NULL");
        Assert.NotEmpty(rows);
        return [.. rows.SelectMany(r => new[] { r.FullName, r.Email }).Where(v => v is not null).Select(v => FieldEncryptor.KeyIdOf(v))];
    }
}
