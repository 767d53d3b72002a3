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
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _hosted;

    private BrokerHarness(ServiceProvider provider, ManualClock clock, string keyPrefix)
    {
        _provider = provider;
        _hosted = provider.GetServices<IHostedService>().ToList();
        Clock = clock;
        KeyPrefix = keyPrefix;
    }

    public ManualClock Clock { get; }

    public string KeyPrefix { get; }

    public IServiceProvider Services => _provider;

    public QueueStore Store => _provider.GetRequiredService<QueueStore>();

    public EventFeed Feed => _provider.GetRequiredService<EventFeed>();

    public EventPump Pump => _provider.GetRequiredService<EventPump>();

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

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var clock = new ManualClock();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddBroker(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var harness = new BrokerHarness(provider, clock, keyPrefix);
        foreach (var hosted in harness._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return harness;
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

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
    }
}
