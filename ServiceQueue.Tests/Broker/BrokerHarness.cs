extern alias broker;

using broker::ServiceQueue.Broker.Events;
using broker::ServiceQueue.Broker.Extensions;
using broker::ServiceQueue.Broker.Model;
using broker::ServiceQueue.Broker.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Broker;

/// <summary>
/// The Broker's services (store, pump, Watch feed) wired as Program wires them, against a real
/// Redis, under a key prefix of this test's own, with a clock the test moves.
/// </summary>
internal sealed class BrokerHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private BrokerHarness(IHost host, ManualClock clock, string keyPrefix)
    {
        _host = host;
        Clock = clock;
        KeyPrefix = keyPrefix;
    }

    public ManualClock Clock { get; }

    public string KeyPrefix { get; }

    public IServiceProvider Services => _host.Services;

    public QueueStore Store => Services.GetRequiredService<QueueStore>();

    public PresenceStore Presence => Services.GetRequiredService<PresenceStore>();

    public EventFeed Feed => Services.GetRequiredService<EventFeed>();

    public EventPump Pump => Services.GetRequiredService<EventPump>();

    public static async Task<BrokerHarness> StartAsync(
        IDictionary<string, string?>? settings = null, string? redisConnectionString = null, string? keyPrefix = null)
    {
        redisConnectionString ??= (await TestServers.GetAsync()).Redis.ConnectionString;
        keyPrefix ??= TestServers.CreateKeyPrefix();
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redisConnectionString,
            ["Broker:KeyPrefix"] = keyPrefix,
            ["Broker:PollInterval"] = "00:00:00.200",
            ["Broker:HeartbeatInterval"] = "00:00:02",
            // The test Redis is shared by every test of a run on a busy machine: slow is not down here.
            ["Broker:OperationTimeout"] = "00:00:15",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        // An empty host: the Broker's services and their Redis client (Aspire's needs a host builder), no server.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true }));
        var clock = new ManualClock();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddBroker();
        var host = builder.Build();
        await host.StartAsync();
        return new BrokerHarness(host, clock, keyPrefix);
    }

    /// <summary>A queue with test-friendly defaults; <paramref name="change"/> adjusts it.</summary>
    public async Task<QueueDefinition> DefineQueueAsync(string code, Func<QueueDefinition, QueueDefinition>? change = null)
    {
        var definition = new QueueDefinition(
            code, $"Queue {code}", code[..1], Open: true, MaxSize: 0, PriorityRun: 2, MaxWait: TimeSpan.Zero,
            SlaTarget: TimeSpan.FromMinutes(20), RecallLimit: 2, RecallMinInterval: TimeSpan.FromSeconds(30), TimeZone: "UTC");
        definition = change?.Invoke(definition) ?? definition;
        return (await Store.UpsertQueueAsync(definition, CancellationToken.None)).Definition;
    }

    public Task<EnqueueResult> EnqueueAsync(string queue, string requestId, PriorityClass priority = PriorityClass.Normal) =>
        Store.EnqueueAsync(
            new EnqueueCommand(requestId, queue, priority, priority == PriorityClass.Priority ? "elderly" : "", TicketChannel.Kiosk, new byte[] { 1, 2, 3, 255 }),
            CancellationToken.None);

    /// <summary>As <see cref="EnqueueAsync"/>, into a queue of <paramref name="branch"/> ("" = the default branch).</summary>
    public Task<EnqueueResult> EnqueueInAsync(string branch, string queue, string requestId) =>
        Store.EnqueueAsync(
            new EnqueueCommand(requestId, queue, PriorityClass.Normal, "", TicketChannel.Kiosk, new byte[] { 1, 2, 3, 255 }, Branch: branch),
            CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
