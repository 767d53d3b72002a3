#:property PublishAot=false
#:project ../../ServiceQueue.Broker/ServiceQueue.Broker.csproj
#:project ../../ServiceQueue.AppHost/ServiceQueue.AppHost.csproj
#:project BenchKit/BenchKit.csproj

// Intake benchmark (docs/benchmarks.md, issue 4): end-to-end intake throughput (publish with publisher
// confirms until every ticket exists in the Broker) beside the raw RabbitMQ rate (publish with confirms
// plus a concurrently acking consumer on a quorum queue) in the same run, and the latency from publish to
// ticket at a steady rate. Usage: dotnet run eng/bench/intake-bench.cs [requests] [rate/s] [seconds at rate]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Broker.V1;
using static ServiceQueue.Bench.BenchTools;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var rate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
var rateSeconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 20;
const int Outstanding = 100;   // publishes awaiting their confirm, at most
const string RawQueue = "bench.raw";

using var folder = RunFolder.Create();
await using var redis = new RedisServer(new LocalServerOptions { DataDirectory = folder.For("redis") });
await using var rabbit = new RabbitMqServer(new LocalServerOptions { DataDirectory = folder.For("rabbitmq") });
Process? broker = null;
Process? consumer = null;
try
{
    await redis.StartAsync();
    await rabbit.StartAsync();
    var amqpUri = rabbit.ConnectionString;

    var brokerGrpc = FreePort.Next();
    var brokerHttp = FreePort.Next();
    var consumerHttp = FreePort.Next();
    broker = Start(ServiceAssembly("ServiceQueue.Broker"), new()
    {
        ["ConnectionStrings__redis"] = redis.ConnectionString,
        ["Broker__KeyPrefix"] = "bench:",
        ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{brokerHttp}",
        ["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{brokerGrpc}",
        ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
    });
    await WaitHealthyAsync(brokerHttp, broker, "Broker");

    using var brokerChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{brokerGrpc}");
    var client = new QueueBroker.QueueBrokerClient(brokerChannel);
    foreach (var code in new[] { "BENCH", "LAT" })
    {
        await client.UpsertQueueAsync(new UpsertQueueRequest
        {
            Definition = new QueueDefinition { Code = code, Name = code, NumberPrefix = code[..1], Open = true, PriorityRun = 2, TimeZone = "UTC" },
        }, deadline: DateTime.UtcNow.AddSeconds(30));
    }

    consumer = Start(ServiceAssembly("ServiceQueue.Consumer"), new()
    {
        ["ConnectionStrings__rabbitmq"] = amqpUri,
        ["services__broker__grpc__0"] = $"http://127.0.0.1:{brokerGrpc}",
        ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{consumerHttp}",
        ["Security__Encryption__ActiveKeyId"] = "k1",
        ["Security__Encryption__Keys__k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Security__Encryption__BlindIndexKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    });
    await WaitHealthyAsync(consumerHttp, consumer, "Consumer");

    await using var connection = await new ConnectionFactory { Uri = new Uri(amqpUri), ClientProvidedName = "intake-bench" }.CreateConnectionAsync();
    await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
    var sample = Body("r0000000", "BENCH");
    Console.WriteLine($"# Intake benchmark: {requests} requests, {rate}/s for {rateSeconds:0.#} s, {Environment.ProcessorCount} cores, body {sample.Length} bytes, {Outstanding} publishes outstanding at most");
    Console.WriteLine();

    // 1. Raw RabbitMQ: a quorum queue of its own in the same node, default exchange, same body size.
    var raw = await RawAsync(connection, publisher, sample);

    // 2. Intake: publish until every ticket exists in the Broker, counted from ENQUEUED events on Watch,
    // with the CPU each part spent meanwhile (its process tree's utime + stime from /proc).
    var parts = new (string Name, int Pid)[]
    {
        ("Consumer", consumer.Id), ("Broker", broker.Id), ("Redis", redis.Processes[0].Id), ("RabbitMQ", rabbit.Processes[^1].Id),
    };
    var cpuBefore = parts.Select(p => CpuSeconds(p.Pid)).ToArray();
    var intake = await IntakeAsync(client, publisher);
    var cpuAfter = parts.Select(p => CpuSeconds(p.Pid)).ToArray();

    // 3. Latency from publish to ticket at a steady rate (a separate, empty Broker queue).
    var latency = await LatencyAsync(client, publisher);

    Console.WriteLine("| measurement | requests | seconds | rate /s | p50 ms | p99 ms |");
    Console.WriteLine("|---|---|---|---|---|---|");
    Console.WriteLine(Invariant($"| raw RabbitMQ (quorum queue, confirms + acking consumer) | {raw.Count} | {raw.Seconds:0.00} | {raw.Count / raw.Seconds:0} | | |"));
    Console.WriteLine(Invariant($"| intake end to end (publish with confirms to ticket in Broker) | {intake.Count} | {intake.Seconds:0.00} | {intake.Count / intake.Seconds:0} | | |"));
    Console.WriteLine(Invariant($"| intake / raw | | | {intake.Count / intake.Seconds / (raw.Count / raw.Seconds):0.00} | | |"));
    Console.WriteLine(Invariant($"| publish to ticket at {rate}/s (achieved {latency.Count / latency.Seconds:0}/s) | {latency.Count} | {latency.Seconds:0.00} | | {latency.P50:0.00} | {latency.P99:0.00} |"));
    Console.WriteLine();
    Console.WriteLine("CPU seconds per 1,000 requests during the intake step (process tree utime + stime):");
    Console.WriteLine();
    Console.WriteLine("| " + string.Join(" | ", parts.Select(p => p.Name)) + " | Consumer + Broker + Redis |");
    Console.WriteLine("|" + string.Concat(Enumerable.Repeat("---|", parts.Length + 1)));
    var perThousand = parts.Select((_, i) => (cpuAfter[i] - cpuBefore[i]) * 1000 / intake.Count).ToArray();
    Console.WriteLine("| " + string.Join(" | ", perThousand.Select(c => Invariant($"{c:0.000}"))) + Invariant($" | {perThousand[0] + perThousand[1] + perThousand[2]:0.000} |"));
    Console.WriteLine();
    Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    foreach (var process in new[] { consumer, broker })
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}

async Task<Result> RawAsync(IConnection connection, IChannel publisher, byte[] body)
{
    await using var channel = await connection.CreateChannelAsync();
    await channel.QueueDeclareAsync(RawQueue, durable: true, exclusive: false, autoDelete: false,
        arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
    await channel.BasicQosAsync(0, 100, false);
    var received = 0;
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var receiver = new AsyncEventingBasicConsumer(channel);
    receiver.ReceivedAsync += async (_, delivery) =>
    {
        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        if (Interlocked.Increment(ref received) == requests)
        {
            done.TrySetResult();
        }
    };
    await channel.BasicConsumeAsync(RawQueue, autoAck: false, receiver);

    var properties = Properties(null);
    var clock = Stopwatch.StartNew();
    await PublishAllAsync(requests, _ => publisher.BasicPublishAsync(string.Empty, RawQueue, mandatory: true, properties, body));
    await done.Task.WaitAsync(Limit(requests));
    return new Result(requests, clock.Elapsed.TotalSeconds, 0, 0);
}

async Task<Result> IntakeAsync(QueueBroker.QueueBrokerClient client, IChannel publisher)
{
    var bodies = Enumerable.Range(0, requests).Select(i => Body(Invariant($"t{i:D8}"), "BENCH")).ToArray();
    var arrived = new ConcurrentDictionary<string, long>();
    // The snapshot comes before the first publish: a ticket made before it would sit at or before its cursor, never reach the Watch.
    var after = await SnapshotCursorAsync(client, "BENCH");
    var watch = Task.Run(() => WatchAsync(client, "BENCH", after, requests, arrived, CancellationToken.None));
    var clock = Stopwatch.StartNew();
    await PublishAllAsync(requests, i => Publish(publisher, bodies[i], Invariant($"t{i:D8}"), "BENCH"));
    var published = clock.Elapsed.TotalSeconds;
    await watch;
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine(Invariant($"intake: all {requests} published and confirmed after {published:0.00} s, all tickets after {seconds:0.00} s"));
    return new Result(arrived.Count, seconds, 0, 0);
}

async Task<Result> LatencyAsync(QueueBroker.QueueBrokerClient client, IChannel publisher)
{
    var count = (int)(rate * rateSeconds);
    var sent = new long[count];
    var arrived = new ConcurrentDictionary<string, long>();
    var after = await SnapshotCursorAsync(client, "LAT");
    var watch = Task.Run(() => WatchAsync(client, "LAT", after, count, arrived, CancellationToken.None));
    var outstanding = new SemaphoreSlim(Outstanding * 10);
    var pending = new List<Task>(count);
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < count; i++)
    {
        var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }

        var id = Invariant($"l{i:D8}");
        var body = Body(id, "LAT");
        await outstanding.WaitAsync();
        sent[i] = Stopwatch.GetTimestamp();
        pending.Add(PublishReleasing(id, body));
    }

    var publishSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    await Task.WhenAll(pending);
    await watch;
    var latencies = Enumerable.Range(0, count)
        .Select(i => Stopwatch.GetElapsedTime(sent[i], arrived[Invariant($"l{i:D8}")]).TotalMilliseconds)
        .Order().ToArray();
    return new Result(count, publishSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));

    async Task PublishReleasing(string id, byte[] body)
    {
        try
        {
            await Publish(publisher, body, id, "LAT");
        }
        finally
        {
            outstanding.Release();
        }
    }
}

async Task<ulong> SnapshotCursorAsync(QueueBroker.QueueBrokerClient client, string queue) =>
    (await client.GetQueueAsync(new GetQueueRequest { Code = queue }, deadline: DateTime.UtcNow.AddSeconds(30))).Cursor;

// Counts ENQUEUED events of one Broker queue after `after` (the cursor of a snapshot taken before publishing),
// keeping the receive time (this process' Stopwatch) per request id, until `expected` arrived. If they do
// not all arrive in time it says what the stream last showed and what the Broker holds, instead of a bare timeout.
async Task WatchAsync(QueueBroker.QueueBrokerClient client, string queue, ulong after, int expected, ConcurrentDictionary<string, long> arrived, CancellationToken cancellationToken)
{
    using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    limit.CancelAfter(Limit(expected));
    ulong lastCursor = after, lastEventCursor = 0;
    var heartbeats = 0;
    var sinceLast = Stopwatch.StartNew();
    try
    {
        using var call = client.Watch(new WatchRequest { After = after, Queues = { queue } }, cancellationToken: limit.Token);
        await foreach (var response in call.ResponseStream.ReadAllAsync(limit.Token))
        {
            sinceLast.Restart();
            if (response.Heartbeat is { } heartbeat)
            {
                heartbeats++;
                lastCursor = heartbeat.Cursor;
            }
            else if (response.Event is { } e)
            {
                lastCursor = lastEventCursor = e.Cursor;
                if (e.Type == EventType.Enqueued)
                {
                    arrived.TryAdd(e.Ticket.RequestId, Stopwatch.GetTimestamp());
                    if (arrived.Count >= expected)
                    {
                        return;
                    }
                }
            }
        }

        throw new InvalidOperationException($"the Watch of {queue} ended after {arrived.Count} of {expected} tickets");
    }
    catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
    {
        var now = await client.GetQueueAsync(new GetQueueRequest { Code = queue }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
        throw new TimeoutException(Invariant(
            $"Watch of {queue} after cursor {after}: {arrived.Count} of {expected} tickets arrived; last cursor seen {lastCursor} (last event {lastEventCursor}), {heartbeats} heartbeats, nothing for {sinceLast.Elapsed.TotalSeconds:0} s; the Broker now holds {now.WaitingTotal} waiting in {queue} at cursor {now.Cursor}"));
    }
}

// Publishes `count` messages keeping at most `Outstanding` unconfirmed (each awaits its own confirm).
async Task PublishAllAsync(int count, Func<int, ValueTask> publish)
{
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, Outstanding).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            await publish(i);
        }
    }));
}

ValueTask Publish(IChannel channel, byte[] body, string id, string queue) =>
    channel.BasicPublishAsync("servicequeue.requests", $"request.{queue}", mandatory: true, Properties(id), body);

static BasicProperties Properties(string? id) => new()
{
    ContentType = "application/json",
    DeliveryMode = DeliveryModes.Persistent,
    MessageId = id,
    Type = "ServiceRequested",
};

// contracts.md section 2; a customer per request so no customer reaches the open-tickets limit.
static byte[] Body(string requestId, string queue) => JsonSerializer.SerializeToUtf8Bytes(new
{
    requestId,
    queue,
    channel = "kiosk",
    customer = new { name = "Ana Souza", document = $"DOC-{requestId}", phone = "+55 11 99999-0000" },
    priority = "normal",
    requestedAt = DateTimeOffset.UtcNow,
});

// Every wait is bounded: 60 s plus 10 ms per request.
static TimeSpan Limit(int count) => TimeSpan.FromSeconds(60) + TimeSpan.FromMilliseconds(10.0 * count);

// CPU seconds (user + system) of a process and every live descendant, from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s).
static double CpuSeconds(int root)
{
    var parents = new Dictionary<int, int>();
    var ticks = new Dictionary<int, long>();
    foreach (var folder in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(folder), out var pid))
        {
            continue;
        }

        try
        {
            var stat = File.ReadAllText(Path.Combine(folder, "stat"));
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            // The process ended while the folder was read.
        }
    }

    long total = 0;
    foreach (var pid in ticks.Keys)
    {
        for (var p = pid; p > 1; p = parents.GetValueOrDefault(p, 1))
        {
            if (p == root)
            {
                total += ticks[pid];
                break;
            }
        }
    }

    return total / 100.0;
}

internal sealed record Result(int Count, double Seconds, double P50, double P99);
