#:property PublishAot=false
#:project ../../ServiceQueue.AppHost/ServiceQueue.AppHost.csproj
#:project ../../ServiceQueue.Broker/ServiceQueue.Broker.csproj
#:project BenchKit/BenchKit.csproj

// Fault run (docs/benchmarks.md, issue 15): steady intake through RabbitMQ, the Consumer and the Broker
// while each part is killed with SIGKILL once (the Consumer, the Broker, Redis, RabbitMQ) and started again
// after a pause; then counts the requests RabbitMQ confirmed that have no ticket (lost) and the request ids
// with more than one ticket (duplicated). A publish that fails is published again with the same request id
// until RabbitMQ confirms it, as a producer should.
// Usage: dotnet run -c Release eng/bench/fault-run.cs [requests per second] [seconds] [seconds each part stays down]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Net.Client;
using RabbitMQ.Client;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Bench;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Intake;
using StackExchange.Redis;
using static ServiceQueue.Bench.BenchTools;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

var rate = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var down = TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 3);
const string Queue = "FAULT";
const string Prefix = "fault:";
const int Publishers = 8;

using var folder = RunFolder.Create();
await using var redis = new RedisServer(new LocalServerOptions { DataDirectory = folder.For("redis") });
await using var rabbit = new RabbitMqServer(new LocalServerOptions { DataDirectory = folder.For("rabbitmq") });
await redis.StartAsync();
await rabbit.StartAsync();

var brokerGrpc = FreePort.Next();
await using var broker = await ServiceRun.StartAsync("ServiceQueue.Broker", FreePort.Next(), new()
{
    ["ConnectionStrings__redis"] = redis.ConnectionString,
    ["Broker__KeyPrefix"] = Prefix,
    ["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{brokerGrpc}",
    ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
});
using (var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{brokerGrpc}"))
{
    await new QueueBroker.QueueBrokerClient(channel).UpsertQueueAsync(new UpsertQueueRequest
    {
        Definition = new QueueDefinition { Code = Queue, Name = Queue, NumberPrefix = "F", Open = true, PriorityRun = 2, TimeZone = "UTC" },
    }, deadline: DateTime.UtcNow.AddSeconds(30));
}

await using var consumer = await ServiceRun.StartAsync("ServiceQueue.Consumer", FreePort.Next(), new()
{
    ["ConnectionStrings__rabbitmq"] = rabbit.ConnectionString,
    ["services__broker__grpc__0"] = $"http://127.0.0.1:{brokerGrpc}",
    ["Security__Encryption__ActiveKeyId"] = "k1",
    ["Security__Encryption__Keys__k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Security__Encryption__BlindIndexKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
});

Console.WriteLine($"# Fault run: {rate} requests/s for {seconds:0} s, each part down {down.TotalSeconds:0.#} s after a SIGKILL, {Environment.ProcessorCount} cores, load {Stats.Load()}, Redis appendfsync {redis.AppendFsync}");
var factory = new ConnectionFactory { Uri = new Uri(rabbit.ConnectionString), ClientProvidedName = "fault-run", AutomaticRecoveryEnabled = true, NetworkRecoveryInterval = TimeSpan.FromSeconds(1) };
var confirmed = new ConcurrentDictionary<string, bool>();
var attempts = 0L;
var failures = 0L;
var pending = System.Threading.Channels.Channel.CreateUnbounded<string>();
var clock = Stopwatch.StartNew();

// The faults, one after another, while requests keep coming.
var faults = Task.Run(async () =>
{
    (string Name, Func<Task> Kill, Func<Task> Start)[] parts =
    [
        ("Consumer", consumer.KillAsync, consumer.RestartAsync),
        ("Broker", broker.KillAsync, broker.RestartAsync),
        ("Redis", () => KillServerAsync(redis), () => redis.StartAsync()),
        ("RabbitMQ", () => KillServerAsync(rabbit), () => rabbit.StartAsync()),
    ];
    for (var i = 0; i < parts.Length; i++)
    {
        await WaitUntilAsync(TimeSpan.FromSeconds(seconds * (0.15 + (0.2 * i))));
        var (name, kill, start) = parts[i];
        var at = clock.Elapsed;
        await kill();
        await Task.Delay(down);
        var restarting = Stopwatch.StartNew();
        await start();
        Console.WriteLine(Invariant($"# {at.TotalSeconds:0.0} s: killed {name}; started again {down.TotalSeconds:0.#} s later, up in {restarting.Elapsed.TotalSeconds:0.0} s"));
    }
});

// A steady schedule of new request ids; publishers take them in turn and retry each until it is confirmed.
var schedule = Task.Run(async () =>
{
    var total = (int)(rate * seconds);
    for (var i = 0; i < total; i++)
    {
        await WaitUntilAsync(TimeSpan.FromSeconds((double)i / rate));
        await pending.Writer.WriteAsync(Invariant($"f{i:D7}"));
    }

    pending.Writer.Complete();
});

// A line every five seconds, so a run that stalls shows where.
using var stop = new CancellationTokenSource();
var progress = Task.Run(async () =>
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
    while (await timer.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default))
    {
        Console.WriteLine(Invariant($"# {clock.Elapsed.TotalSeconds:0} s: {confirmed.Count} confirmed, {attempts} attempts, {failures} failed"));
    }
});

var connection = await factory.CreateConnectionAsync();
await Task.WhenAll(Enumerable.Range(0, Publishers).Select(async _ =>
{
    IChannel? channel = null;
    await foreach (var id in pending.Reader.ReadAllAsync())
    {
        var body = Body(id);
        while (true)
        {
            Interlocked.Increment(ref attempts);
            try
            {
                if (channel is not { IsOpen: true })
                {
                    channel?.Dispose();
                    channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
                }

                var properties = new BasicProperties { ContentType = IntakeTopology.ContentType, DeliveryMode = DeliveryModes.Persistent, MessageId = id, Type = IntakeTopology.ServiceRequestedType };
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await channel.BasicPublishAsync(IntakeTopology.RequestsExchange, IntakeTopology.RoutingKeyFor(Queue), mandatory: true, properties, body, timeout.Token);
                confirmed[id] = true;
                break;
            }
            catch (Exception)
            {
                // Not confirmed (RabbitMQ down, a nack, a closed channel): the same request again, a moment later.
                Interlocked.Increment(ref failures);
                await Task.Delay(250);
            }
        }
    }

    channel?.Dispose();
}));
await faults;
await schedule;
var published = clock.Elapsed;
await stop.CancelAsync();
await progress;

// Then wait until every confirmed request has a ticket, or nothing has changed for a minute.
using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
var db = inspector.GetDatabase();
var waitingKey = new RedisKey($"{Prefix}q:{Queue}:wn");
var last = -1L;
var still = Stopwatch.StartNew();
while (true)
{
    var now = await db.SortedSetLengthAsync(waitingKey);
    if (now >= confirmed.Count || still.Elapsed > TimeSpan.FromSeconds(60))
    {
        break;
    }

    if (now != last)
    {
        last = now;
        still.Restart();
    }

    await Task.Delay(500);
}

var ticketIds = (await db.SortedSetRangeByRankAsync(waitingKey)).Select(v => (string)v!).ToArray();
var requestIds = await Task.WhenAll(ticketIds.Select(t => db.HashGetAsync($"{Prefix}t:{t}", "rid")));
var ticketsPerRequest = requestIds.Select(r => (string)r!).GroupBy(r => r, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
var lost = confirmed.Keys.Count(id => !ticketsPerRequest.ContainsKey(id));
var duplicated = ticketsPerRequest.Count(p => p.Value > 1);
var unconfirmedWithTicket = ticketsPerRequest.Keys.Count(id => !confirmed.ContainsKey(id));
uint dead;
await using (var probe = await connection.CreateChannelAsync())
{
    dead = (await probe.QueueDeclarePassiveAsync(IntakeTopology.DeadQueue)).MessageCount;
}

Console.WriteLine();
Console.WriteLine("| requests scheduled | confirmed | publish attempts (failed) | tickets | lost | duplicated | with a ticket though never confirmed | dead-lettered | publishing took s | load |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
Console.WriteLine(Invariant($"| {(int)(rate * seconds)} | {confirmed.Count} | {attempts} ({failures}) | {ticketIds.Length} | {lost} | {duplicated} | {unconfirmedWithTicket} | {dead} | {published.TotalSeconds:0} | {Stats.Load()} |"));
await connection.CloseAsync();
return lost == 0 && duplicated == 0 ? 0 : 1;

async Task WaitUntilAsync(TimeSpan at)
{
    var wait = at - clock.Elapsed;
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait);
    }
}

// SIGKILL to the server's main process group (its last process: RabbitMQ's node, not Erlang's port mapper), then forget it.
static async Task KillServerAsync(LocalServer server)
{
    using (var kill = Process.Start("kill", ["-KILL", "--", "-" + server.Processes[^1].Id.ToString(CultureInfo.InvariantCulture)]))
    {
        await kill.WaitForExitAsync();
    }

    await server.Processes[^1].Exited;
    await server.StopAsync();
}

// contracts.md section 2; a customer per request so no customer reaches the open-tickets limit.
static byte[] Body(string requestId) => JsonSerializer.SerializeToUtf8Bytes(new
{
    requestId,
    queue = Queue,
    channel = "kiosk",
    customer = new { name = "Ana Souza", document = $"DOC-{requestId}", phone = "+55 11 99999-0000" },
    priority = "normal",
    requestedAt = DateTimeOffset.UtcNow,
});
