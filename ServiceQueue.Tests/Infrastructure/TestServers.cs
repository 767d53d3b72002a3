using ServiceQueue.AppHost.LocalServers;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// Real MariaDB, Redis and RabbitMQ for the whole test run, started through the AppHost's own
/// server code in a temporary run folder. Tests isolate themselves inside them: a database, a
/// virtual host or a key prefix each, so they run in any order and in parallel.
/// </summary>
public sealed class TestServers : IAsyncDisposable
{
    private static readonly Lazy<Task<TestServers>> Shared = new(StartSharedAsync);
    private static readonly Lazy<Task<Broker.BrokerServer>> SharedBroker = new(StartSharedBrokerAsync);

    private readonly RunFolder _folder;

    private TestServers(RunFolder folder, MariaDbServer mySql, RedisServer redis, RabbitMqServer rabbitMq)
    {
        _folder = folder;
        MySql = mySql;
        Redis = redis;
        RabbitMq = rabbitMq;
    }

    public MariaDbServer MySql { get; }

    public RedisServer Redis { get; }

    public RabbitMqServer RabbitMq { get; }

    /// <summary>The run's servers, started by the first test that asks.</summary>
    public static Task<TestServers> GetAsync() => Shared.Value;

    /// <summary>A real Broker shared by the tests of its clients (each Broker test runs its own), on a key prefix of its own.</summary>
    internal static Task<Broker.BrokerServer> GetBrokerAsync() => SharedBroker.Value;

    /// <summary>The run's servers, for code that runs after a test has awaited <see cref="GetAsync"/>.</summary>
    public static TestServers Started =>
        Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully
            ? Shared.Value.Result
            : throw new InvalidOperationException("Await TestServers.GetAsync() first.");

    /// <summary>The parent of every test run folder; a run killed midway is swept from here by the next.</summary>
    public static string RunsParent => Path.Combine(Path.GetTempPath(), "servicequeue-tests");

    /// <summary>A fresh database of this test's own.</summary>
    public Task<string> CreateDatabaseAsync() => MySql.CreateDatabaseAsync(UniqueName("db"));

    /// <summary>A fresh RabbitMQ virtual host of this test's own, as an AMQP URI.</summary>
    public Task<string> CreateVirtualHostAsync() => RabbitMq.CreateVirtualHostAsync(UniqueName("vh"));

    /// <summary>A Redis key prefix of this test's own.</summary>
    public static string CreateKeyPrefix() => $"{UniqueName("t")}:";

    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 17)];

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(MySql.StopAsync(), Redis.StopAsync(), RabbitMq.StopAsync());
        _folder.Dispose();
    }

    private static async Task<Broker.BrokerServer> StartSharedBrokerAsync()
    {
        var broker = await Broker.BrokerServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => broker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return broker;
    }

    private static async Task<TestServers> StartSharedAsync()
    {
        var folder = RunFolder.Create(RunsParent);
        var mySql = new MariaDbServer(new LocalServerOptions { DataDirectory = folder.For("mysql") });
        var redis = new RedisServer(new LocalServerOptions { DataDirectory = folder.For("redis") });
        var rabbitMq = new RabbitMqServer(new LocalServerOptions { DataDirectory = folder.For("rabbitmq") });
        var servers = new TestServers(folder, mySql, redis, rabbitMq);
        try
        {
            await Task.WhenAll(mySql.StartAsync(), redis.StartAsync(), rabbitMq.StartAsync());
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }

        // xunit 2 has no assembly fixture: stop with the test process; a killed run is swept by the next.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => servers.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return servers;
    }
}
