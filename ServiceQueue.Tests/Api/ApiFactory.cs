extern alias api;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.Tests.Infrastructure;
using ServiceQueue.Tests.Security;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

/// <summary>
/// The Api in-process over a database of its own, with fresh keys and a bootstrap Admin. Settings can be
/// overridden per test; <see cref="Logs"/> holds everything it logged.
/// </summary>
internal sealed class ApiFactory : WebApplicationFactory<api::Program>
{
    public const string AdminUserName = "admin";
    private const string AmqpKey = "ConnectionStrings:rabbitmq";
    private const string BrokerAddressKey = "services:broker:grpc:0";

    private readonly Dictionary<string, string?> _settings;

    private ApiFactory(string connectionString, Dictionary<string, string?> settings, InMemoryActivityExporter? traces = null)
    {
        ConnectionString = connectionString;
        _settings = settings;
        Traces = traces;
    }

    public string ConnectionString { get; }

    /// <summary>The Api's own RabbitMQ virtual host, so its queues and consumers never meet another test's.</summary>
    public string AmqpUri => _settings[AmqpKey]!;

    public string AdminPassword => _settings["Bootstrap:AdminPassword"]!;

    public CapturedLogs Logs { get; } = new();

    /// <summary>Every span the Api's tracer provider ended, when the test asked for them.</summary>
    public InMemoryActivityExporter? Traces { get; }

    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>A started Api over a fresh database.</summary>
    public static async Task<ApiFactory> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var servers = await TestServers.GetAsync();
        var factory = await CreateAsync(await servers.CreateDatabaseAsync(), overrides);
        factory.StartServer();
        return factory;
    }

    /// <summary>A started Api over a fresh database whose spans are kept in <see cref="Traces"/>.</summary>
    public static async Task<ApiFactory> StartTracedAsync()
    {
        var connectionString = await (await TestServers.GetAsync()).CreateDatabaseAsync();
        var factory = new ApiFactory(connectionString, await SettingsAsync(connectionString), new InMemoryActivityExporter());
        factory.StartServer();
        return factory;
    }

    /// <summary>An Api over <paramref name="connectionString"/>, with the settings of <see cref="SettingsAsync"/>; started on first use.</summary>
    public static async Task<ApiFactory> CreateAsync(string connectionString, IReadOnlyDictionary<string, string?>? overrides = null) =>
        new(connectionString, await SettingsAsync(connectionString, overrides));

    /// <summary>
    /// The settings of an Api over <paramref name="connectionString"/>: fresh keys, a bootstrap Admin, a RabbitMQ
    /// virtual host of its own and the run's shared Broker, unless <paramref name="overrides"/> name others.
    /// </summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync(string connectionString, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = TestKeys.SecuritySettings();
        settings["ConnectionStrings:servicequeuedb"] = connectionString;
        settings["Bootstrap:AdminUserName"] = AdminUserName;
        settings["Bootstrap:AdminPassword"] = "admin-" + TestKeys.New(12);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        // Made only when no override names them: a virtual host of this Api's own, the run's shared Broker.
        if (!settings.ContainsKey(AmqpKey))
        {
            settings[AmqpKey] = await (await TestServers.GetAsync()).CreateVirtualHostAsync();
        }

        if (!settings.ContainsKey(BrokerAddressKey))
        {
            settings[BrokerAddressKey] = (await TestServers.GetBrokerAsync()).GrpcAddress.ToString();
        }

        return settings;
    }

    /// <summary><paramref name="settings"/> as the environment of the Api run as a process (<c>Section__Key</c>).</summary>
    public static Dictionary<string, string> ProcessEnvironment(IReadOnlyDictionary<string, string?> settings) =>
        settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!, StringComparer.Ordinal);

    public HttpClient ClientWith(string? accessToken)
    {
        var client = CreateClient();
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    public async Task<ApiModel.TokenResponse> LoginAsync(string userName, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ApiModel.TokenResponse>())!;
    }

    public Task<ApiModel.TokenResponse> LoginAsAdminAsync() => LoginAsync(AdminUserName, AdminPassword);

    /// <summary>Creates a user through the Api as the bootstrap Admin.</summary>
    public async Task<TestUser> CreateUserAsync(string role, string[]? queues = null, string? email = null, string? fullName = null)
    {
        var (id, userName, password) = await PostUserAsync(role, new Dictionary<string, object?>
        {
            ["role"] = role,
            ["fullName"] = fullName,
            ["email"] = email,
            ["queues"] = queues ?? ["GEN"],
        });
        return new TestUser(id, userName, password, role);
    }

    /// <summary>Creates a user who holds <paramref name="role"/> in <paramref name="branch"/> alone, serving its queue GEN.</summary>
    public async Task<TestUser> CreateUserInBranchAsync(string branch, string role)
    {
        var (id, userName, password) = await PostUserAsync(role, new Dictionary<string, object?>
        {
            ["branches"] = new[] { new { branch, role, queues = new[] { "GEN" } } },
        });
        return new TestUser(id, userName, password, role) { Branches = [new(branch, role)], Queues = [$"{branch}.GEN"] };
    }

    /// <summary>Posts a user with a fresh name and password, desk Desk-1 and <paramref name="fields"/>, as the bootstrap Admin.</summary>
    private async Task<(string Id, string UserName, string Password)> PostUserAsync(string role, Dictionary<string, object?> fields)
    {
        using var client = ClientWith((await LoginAsAdminAsync()).AccessToken);
        var userName = TestServers.UniqueName(role.ToLowerInvariant());
        var password = "pw-" + TestKeys.New(12);
        fields["userName"] = userName;
        fields["password"] = password;
        fields["defaultDesk"] = "Desk-1";
        var response = await client.PostAsJsonAsync("/api/v1/users", fields);
        response.EnsureSuccessStatusCode();
        return ((await response.Content.ReadFromJsonAsync<ApiModel.UserResponse>())!.Id, userName, password);
    }

    /// <summary>An access token for <paramref name="user"/> minted with the Api's own issuer (no login, no lockout counter).</summary>
    public string TokenFor(TestUser user, TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null) =>
        new AccessTokenIssuer(Services.GetRequiredService<IOptions<JwtOptions>>(), new ManualTimeProvider(issuedAt ?? DateTimeOffset.UtcNow))
            .Issue(new AccessTokenRequest(user.Id, user.UserName, user.Role, user.Queues, "Desk-1") { Branches = user.Branches }, lifetime ?? TimeSpan.FromMinutes(5))
            .Token;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // The pool of this test's own database would keep its idle connections open long after the test.
        if (disposing)
        {
            using var connection = new MySqlConnector.MySqlConnection(ConnectionString);
            MySqlConnector.MySqlConnection.ClearPool(connection);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.CaptureInto(Logs, LogLevel.Trace));
        if (Traces is { } traces)
        {
            builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(
                tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(traces))));
        }
    }
}
