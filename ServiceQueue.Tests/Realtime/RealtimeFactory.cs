extern alias realtime;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.Tests.Infrastructure;
using ServiceQueue.Tests.Security;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// Realtime in-process on Kestrel (a real port, so Node and Chromium can reach it), following a real
/// Broker, with keys of its own. Tokens are minted with the Api's issuer code and Realtime's key.
/// </summary>
internal sealed class RealtimeFactory : WebApplicationFactory<realtime::Program>
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string?> _settings;

    private RealtimeFactory(Uri brokerGrpc, IReadOnlyDictionary<string, string?>? overrides)
    {
        _settings = TestKeys.SecuritySettings();
        _settings["services:broker:grpc:0"] = brokerGrpc.ToString().TrimEnd('/');
        _settings["Realtime:ReconnectMaxDelay"] = "00:00:00.500";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public Uri QueuesHub => new(Address, "/hubs/queues");

    public Uri DisplayHub => new(Address, "/hubs/display");

    public Uri TicketHub => new(Address, "/hubs/ticket");

    public Uri SupervisorHub => new(Address, "/hubs/supervisor");

    public CapturedLogs Logs { get; } = new();

    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>Started and following the Broker's stream (its <c>/health</c> answers 200).</summary>
    public static async Task<RealtimeFactory> StartAsync(Uri brokerGrpc, IReadOnlyDictionary<string, string?>? overrides = null, int port = 0)
    {
        var factory = new RealtimeFactory(brokerGrpc, overrides);
        factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        factory.Address = new Uri(address);
        await factory.WaitForHealthAsync(healthy: true);
        return factory;
    }

    /// <summary>Waits until <c>/health</c> says ready (or, with <paramref name="healthy"/> false, not ready).</summary>
    public async Task WaitForHealthAsync(bool healthy)
    {
        using var client = new HttpClient { BaseAddress = Address };
        var health = await Eventually.ReadAsync(
            async () =>
            {
                using var response = await client.GetAsync("/health");
                return (Ready: response.IsSuccessStatusCode, Status: (int)response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            },
            seen => seen.Ready == healthy,
            ReadyTimeout);
        Assert.True(health.Ready == healthy, $"Realtime's /health stayed {health.Status}: {health.Body}");
    }

    /// <summary>A token as issued before branches: the role is held in the default branch alone.</summary>
    public string TokenFor(string userName, string role, string[] queues, string? desk = null) =>
        TokenFor(userName, role, queues, desk, []);

    /// <summary>A token with a <c>branches</c> claim (<c>NORTH:Supervisor</c>); <paramref name="queues"/> are addresses (<c>NORTH.GEN</c>) or bare codes of the default branch.</summary>
    public string TokenFor(string userName, string role, string[] queues, string? desk, BranchGrant[] branches) =>
        new AccessTokenIssuer(Services.GetRequiredService<IOptions<JwtOptions>>(), TimeProvider.System)
            .Issue(new AccessTokenRequest(Guid.NewGuid().ToString(), userName, role, queues, desk) { Branches = branches }, TimeSpan.FromMinutes(30))
            .Token;

    /// <summary>Seals personal data as the Consumer does, with this Realtime's key.</summary>
    public FieldEncryptor Encryptor => Services.GetRequiredService<FieldEncryptor>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.CaptureInto(Logs, LogLevel.Debug));
    }
}
