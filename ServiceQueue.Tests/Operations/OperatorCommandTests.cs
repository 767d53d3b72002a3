using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MySqlConnector;

namespace ServiceQueue.Tests.Operations;

/// <summary>
/// What an operator does with the running system from the dashboard, against the real AppHost: its data
/// survives a restart of the AppHost, and its commands create the demo data and rotate the encryption key.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class OperatorCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    // One start of the whole AppHost, from an empty data folder: on a loaded two-core machine RabbitMQ's boot,
    // the Broker and the Api's migrations took 3 to 4 minutes before every service answered healthy (a CI run
    // hit 4). Slow is not wrong; the test host's hang timeout (10 minutes) still bounds a start that never ends.
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Queues_users_and_tickets_survive_a_restart_of_the_AppHost()
    {
        using var run = new OperatedRun();
        string requestId;
        await using (var first = await run.StartAsync())
        {
            var created = await first.ResourceCommands.ExecuteCommandAsync("api", "create-demo-data");
            Assert.True(created.Success, created.Message);
            requestId = await SubmitAsync(first, "GEN");
            var waiting = await Eventually.ReadAsync(() => StatusAsync(first, requestId), s => s == "waiting", Patience);
            Assert.Equal("waiting", waiting);
        }

        await using var second = await run.StartAsync();
        var again = await second.ResourceCommands.ExecuteCommandAsync("api", "create-demo-data");
        Assert.True(again.Success, again.Message);
        Assert.Equal("The demo data was already there.", again.Message);
        using var attendant = await SignedInAsync(second, "attendant", await second.ParameterAsync("demo-attendant-password"));
        var queues = await attendant.GetFromJsonAsync<JsonElement>("queues");
        Assert.Contains(queues.EnumerateArray(), q => q.GetProperty("code").GetString() == "PRI");
        Assert.Equal("waiting", await StatusAsync(second, requestId));
    }

    [Fact]
    public async Task Rotating_the_encryption_key_restarts_the_readers_with_it_and_reencrypts_what_MySQL_holds()
    {
        using var run = new OperatedRun();
        await using var app = await run.StartAsync();
        using var admin = await SignedInAsync(app, "admin", await app.ParameterAsync("bootstrap-admin-password"));
        using var user = await admin.PostAsJsonAsync("users", new
        {
            userName = "rotated",
            password = "a long enough password 1",
            role = "Attendant",
            fullName = "Zoë Rotated",
            email = "zoe@example.com",
        });
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        Assert.Equal(["1"], await KeyIdsOfUsersAsync(app));

        var rotated = await app.ResourceCommands.ExecuteCommandAsync("api", "rotate-encryption-key");

        Assert.True(rotated.Success, rotated.Message);
        Assert.Equal(["2"], await KeyIdsOfUsersAsync(app));
        using var again = await SignedInAsync(app, "admin", await app.ParameterAsync("bootstrap-admin-password"));
        var users = await again.GetFromJsonAsync<JsonElement>("users");
        Assert.Contains(users.EnumerateArray(), u => u.GetProperty("fullName").GetString() == "Zoë Rotated");
        Assert.Equal("2", run.Secret("ServiceQueue:EncryptionKeyCount"));
        Assert.NotNull(run.Secret("Parameters:encryption-key-2"));
    }

    /// <summary>The key id of every stored full name: the envelope's first byte is its format, the next its key id (docs/security.md).</summary>
    private static async Task<string[]> KeyIdsOfUsersAsync(DistributedApplication app)
    {
        await using var connection = new MySqlConnection(await app.GetConnectionStringAsync("servicequeuedb"));
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT full_name FROM users WHERE full_name IS NOT NULL", connection);
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(ServiceQueue.ServiceDefaults.Security.FieldEncryptor.KeyIdOf((byte[])reader[0]) ?? "(none)");
        }

        return [.. ids];
    }

    private static async Task<string> SubmitAsync(DistributedApplication app, string queue)
    {
        using var http = app.CreateHttpClient("api", "http");
        using var response = await http.PostAsJsonAsync("/api/v1/service-requests", new
        {
            queue,
            channel = "kiosk",
            customer = new { name = "Ana Souza", document = "123.456.789-00", phone = "+55 11 99999-0000" },
            priority = "normal",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;
    }

    private static async Task<string?> StatusAsync(DistributedApplication app, string requestId)
    {
        using var http = app.CreateHttpClient("api", "http");
        using var response = await http.GetAsync($"/api/v1/service-requests/{requestId}");
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()
            : null;
    }

    private static async Task<HttpClient> SignedInAsync(DistributedApplication app, string userName, string password)
    {
        var http = app.CreateHttpClient("api", "http");
        http.BaseAddress = new Uri(http.BaseAddress!, "/api/v1/");
        using var login = await http.PostAsJsonAsync("auth/login", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>
    /// One data folder and one user-secrets store (never the developer's) that several starts of the
    /// AppHost share, as restarts of one installation do; both are deleted at the end.
    /// </summary>
    private sealed class OperatedRun : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("servicequeue-operated-").FullName;
        private readonly string _secretsId = $"servicequeue-tests-{Guid.NewGuid():N}";

        private string SecretsFolder => Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".microsoft", "usersecrets", _secretsId);

        public async Task<DistributedApplication> StartAsync()
        {
            // With its dashboard, as an operator runs it: the services' telemetry then has somewhere to go, and a
            // service stops at once instead of waiting out its exporter's retries against nobody.
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ServiceQueue_AppHost>(
                new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
                [$"--ServiceQueue:DataDirectory={_folder}", $"--ASPIRE_USER_SECRETS_ID={_secretsId}"]);
            var app = await builder.WithQuietLogs().BuildAsync();
            using var start = new CancellationTokenSource(StartBound);
            await app.StartAsync(start.Token);
            foreach (var resource in new[] { "api", "consumer", "realtime", "broker" })
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, start.Token);
            }

            return app;
        }

        public string? Secret(string name)
        {
            var file = Path.Combine(SecretsFolder, "secrets.json");
            return File.Exists(file) && JsonDocument.Parse(File.ReadAllText(file)).RootElement.TryGetProperty(name, out var value)
                ? value.GetString()
                : null;
        }

        public void Dispose()
        {
            foreach (var folder in new[] { _folder, SecretsFolder }.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
