using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Tests.Api;
using ServiceQueue.Tests.Consumer;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// What a browser on the console or a kiosk talks to: the Api (sign-in, kiosk tickets) and Realtime (the pages and
/// their hubs), both in-process on real ports, Realtime validating the Api's tokens and the Api letting Realtime's origin call it.
/// </summary>
internal sealed class ConsoleSite : IAsyncDisposable
{
    private ConsoleSite(ApiFactory api, RealtimeFactory realtime)
    {
        Api = api;
        Realtime = realtime;
    }

    public ApiFactory Api { get; }

    public RealtimeFactory Realtime { get; }

    public Uri ConsolePage => new(Realtime.Address, "/console");

    /// <summary>
    /// Starts both over <paramref name="rig"/>: the Api publishes intake into the rig's virtual host, where its real
    /// Consumer takes it to its real Broker, which the Api reads and Realtime follows.
    /// </summary>
    public static Task<ConsoleSite> StartAsync(
        IntakeRig rig, IReadOnlyDictionary<string, string?>? apiSettings = null, IReadOnlyDictionary<string, string?>? realtimeSettings = null) =>
        StartAsync(rig.BrokerGrpc, rig.ApiSettings(apiSettings), realtimeSettings);

    /// <summary>Starts both, Realtime following <paramref name="brokerGrpc"/>; each settings dictionary adds to or overrides the wiring.</summary>
    public static async Task<ConsoleSite> StartAsync(
        Uri brokerGrpc, IReadOnlyDictionary<string, string?>? apiSettings = null, IReadOnlyDictionary<string, string?>? realtimeSettings = null)
    {
        var realtimePort = FreePort.Next();
        var apiPort = FreePort.Next();
        var servers = await TestServers.GetAsync();
        var api = await ApiFactory.CreateAsync(
            await servers.CreateDatabaseAsync(),
            With(new() { ["Cors:AllowedOrigins:0"] = $"http://127.0.0.1:{realtimePort}" }, apiSettings));
        try
        {
            api.UseKestrel(apiPort);
            api.StartServer();
            var realtime = await RealtimeFactory.StartAsync(
                brokerGrpc,
                With(
                    new()
                    {
                        ["services:api:http:0"] = $"http://127.0.0.1:{apiPort}",
                        ["Security:Jwt:SigningKey"] = api.Settings["Security:Jwt:SigningKey"],
                        ["Security:Jwt:Issuer"] = api.Settings["Security:Jwt:Issuer"],
                        ["Security:Jwt:Audience"] = api.Settings["Security:Jwt:Audience"],
                    },
                    realtimeSettings),
                realtimePort);
            return new ConsoleSite(api, realtime);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Realtime.DisposeAsync();
        await Api.DisposeAsync();
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> wiring, IReadOnlyDictionary<string, string?>? settings)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            wiring[key] = value;
        }

        return wiring;
    }
}
