#:property PublishAot=false
#:project ../../ServiceQueue.Broker/ServiceQueue.Broker.csproj
#:project ../../ServiceQueue.AppHost/ServiceQueue.AppHost.csproj
#:project BenchKit/BenchKit.csproj
#:package Microsoft.AspNetCore.SignalR.Client

// Fan-out benchmark (docs/benchmarks.md, issue 15): N SignalR clients of Realtime's /hubs/queues follow one
// queue while events arrive at a steady rate (Enqueue through the Broker's gRPC); one raw Broker Watch
// stream on the same queue is the baseline. Reports the latency from each event's occurred_at to its
// arrival at every client (p50, p99, the worst client's p99) against the Watch stream's, the share of
// events delivered, resyncs, and Realtime's CPU and memory. Then, unless "no-memory" is given, Realtime's
// RSS after 100 queues have each been followed and fed.
// Usage: dotnet run eng/bench/fanout-bench.cs [clients] [events/s] [seconds] [no-memory]
// Servers and clients on separate cores: BENCH_SERVER_CPUS=0 taskset -c 1 dotnet run -c Release fanout-bench.cs ...
// Runs the Release builds of the Broker and Realtime when present (dotnet build -c Release), else Debug.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Security;
using static ServiceQueue.Bench.BenchTools;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
var rate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 30;
var measureMemory = !args.Contains("no-memory");
const string Queue = "FAN";

var jwt = new JwtOptions { SigningKey = Key(), Issuer = "fanout-bench", Audience = "fanout-bench" };
var encryptionKey = Key();
var encryptor = new FieldEncryptor(Options.Create(new EncryptionOptions { ActiveKeyId = "k1", Keys = { ["k1"] = encryptionKey } }));
var tokens = new AccessTokenIssuer(Options.Create(jwt), TimeProvider.System);

using var folder = RunFolder.Create();
await using var redis = new RedisServer(new LocalServerOptions { DataDirectory = folder.For("redis") });
Process? broker = null;
Process? realtime = null;
var connections = new ConcurrentBag<HubConnection>();
try
{
    await redis.StartAsync();
    var brokerGrpc = FreePort.Next();
    var brokerHttp = FreePort.Next();
    broker = Start(ServiceAssembly("ServiceQueue.Broker"), new()
    {
        ["ConnectionStrings__redis"] = redis.ConnectionString,
        ["Broker__KeyPrefix"] = "fan:",
        ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{brokerHttp}",
        ["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{brokerGrpc}",
        ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
    });
    await WaitHealthyAsync(brokerHttp, broker, "Broker");
    using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{brokerGrpc}");
    var client = new QueueBroker.QueueBrokerClient(channel);
    await DefineAsync(client, Queue);

    var realtimeHttp = FreePort.Next();
    realtime = Start(ServiceAssembly("ServiceQueue.Realtime"), new()
    {
        ["services__broker__grpc__0"] = $"http://127.0.0.1:{brokerGrpc}",
        ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{realtimeHttp}",
        ["Security__Jwt__SigningKey"] = jwt.SigningKey,
        ["Security__Jwt__Issuer"] = jwt.Issuer,
        ["Security__Jwt__Audience"] = jwt.Audience,
        ["Security__Encryption__ActiveKeyId"] = "k1",
        ["Security__Encryption__Keys__k1"] = encryptionKey,
        ["Security__Encryption__BlindIndexKey"] = Key(),
    });
    await WaitHealthyAsync(realtimeHttp, realtime, "Realtime");
    var pinned = PinServers([.. redis.Processes.Select(p => p.Id), broker.Id, realtime.Id]);
    var hub = new Uri($"http://127.0.0.1:{realtimeHttp}/hubs/queues");
    var token = tokens.Issue(new AccessTokenRequest("bench", "bench", "Admin", [], "D1"), TimeSpan.FromHours(2)).Token;

    // Clients: connected and subscribed a few dozen at a time, each recording every event's latency.
    var latencies = new List<double>[clients];
    var resyncs = 0;
    var connectClock = Stopwatch.StartNew();
    using (var opening = new SemaphoreSlim(32))
    {
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
        {
            await opening.WaitAsync();
            try
            {
                var mine = latencies[i] = new List<double>((int)(rate * seconds) + 16);
                var connection = Connect(hub, token);
                connection.On<EventBatch>("QueueEvents", batch =>
                {
                    var now = DateTimeOffset.UtcNow;
                    lock (mine)
                    {
                        foreach (var e in batch.Events)
                        {
                            mine.Add((now - e.OccurredAt!.Value).TotalMilliseconds);
                        }
                    }
                });
                connection.On<JsonElement>("Resync", async _ =>
                {
                    Interlocked.Increment(ref resyncs);
                    await connection.InvokeAsync<JsonElement>("Subscribe", Queue);
                });
                await connection.StartAsync();
                await connection.InvokeAsync<JsonElement>("Subscribe", Queue);
                connections.Add(connection);
            }
            finally
            {
                opening.Release();
            }
        }));
    }

    var connectSeconds = connectClock.Elapsed.TotalSeconds;

    // The baseline: the Broker's own Watch stream of the same queue, read in this same process.
    var watched = new List<double>();
    using var stopWatch = new CancellationTokenSource();
    var watch = Task.Run(async () =>
    {
        using var call = client.Watch(new WatchRequest { FromNow = true, Queues = { Queue } }, cancellationToken: stopWatch.Token);
        try
        {
            await foreach (var item in call.ResponseStream.ReadAllAsync(stopWatch.Token))
            {
                if (item.Event is { } e)
                {
                    watched.Add((DateTimeOffset.UtcNow - e.OccurredAt.ToDateTimeOffset()).TotalMilliseconds);
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or RpcException)
        {
        }
    });
    await Task.Delay(500);

    var cpuBefore = CpuSeconds(realtime);
    // The other CPU users: the Broker and Redis beside Realtime, and this process (the clients and the Watch baseline).
    double OthersCpu() => CpuSeconds(broker) + redis.Processes.Sum(p => ServiceQueue.Bench.Stats.CpuSeconds(p.Id));
    var othersBefore = OthersCpu();
    var clientsBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    var sent = await DriveAsync(client, Queue, rate, seconds);
    // Latecomers: give every client up to 30 s after the last event before counting what arrived.
    var drain = Stopwatch.StartNew();
    while (drain.Elapsed < TimeSpan.FromSeconds(30) && latencies.Sum(l => { lock (l) { return l.Count; } }) < (long)sent * clients)
    {
        await Task.Delay(250);
    }

    var cpu = CpuSeconds(realtime) - cpuBefore;
    var othersCpu = OthersCpu() - othersBefore;
    var clientsCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - clientsBefore;
    var span = seconds + drain.Elapsed.TotalSeconds;
    await stopWatch.CancelAsync();
    await watch;

    var all = latencies.SelectMany(l => l).Order().ToArray();
    var worstP99 = latencies.Select(l => Percentile([.. l.Order()], 0.99)).Max();
    var watchSorted = watched.Order().ToArray();
    Console.WriteLine(Invariant($"# Fan-out benchmark: {clients} clients, {rate} events/s for {seconds:0.#} s, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, Realtime {Flavour("ServiceQueue.Realtime")}, servers on CPUs {pinned ?? "any"}, clients on CPUs {ClientCpus()}"));
    Console.WriteLine();
    Console.WriteLine("| clients | events/s | sent | Watch p50 ms | Watch p99 ms | clients p50 ms | clients p99 ms | worst client p99 ms | p99 / Watch p99 | delivered | resyncs | Realtime cores | Broker + Redis cores | clients cores | Realtime RSS MB | connect s |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    Console.WriteLine(Invariant($"| {clients} | {rate} | {sent} | {Percentile(watchSorted, 0.5):0} | {Percentile(watchSorted, 0.99):0} | {Percentile(all, 0.5):0} | {Percentile(all, 0.99):0} | {worstP99:0} | {Percentile(all, 0.99) / Math.Max(1, Percentile(watchSorted, 0.99)):0.0} | {100.0 * all.Length / Math.Max(1, (long)sent * clients):0.0}% | {resyncs} | {cpu / span:0.00} | {othersCpu / span:0.00} | {clientsCpu / span:0.00} | {RssMegabytes(realtime):0} | {connectSeconds:0} |"));

    foreach (var connection in connections)
    {
        await connection.DisposeAsync();
    }

    connections.Clear();
    if (measureMemory)
    {
        await MemoryAsync(client, hub, token, realtime);
    }
}
finally
{
    foreach (var connection in connections)
    {
        await connection.DisposeAsync();
    }

    foreach (var process in new[] { realtime, broker })
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}

// Realtime's RSS before, while and after 100 queues are followed and fed (every queue: one client, 50 events).
async Task MemoryAsync(QueueBroker.QueueBrokerClient client, Uri hub, string token, Process realtime)
{
    await Task.Delay(TimeSpan.FromSeconds(5));
    var before = RssMegabytes(realtime);
    var codes = Enumerable.Range(0, 100).Select(i => $"M{i:000}").ToArray();
    foreach (var code in codes)
    {
        await DefineAsync(client, code);
    }

    var followers = new List<HubConnection>();
    foreach (var code in codes)
    {
        var connection = Connect(hub, token);
        connection.On<JsonElement>("QueueEvents", _ => { });
        await connection.StartAsync();
        await connection.InvokeAsync<JsonElement>("Subscribe", code);
        followers.Add(connection);
    }

    await Parallel.ForEachAsync(codes.SelectMany(code => Enumerable.Repeat(code, 50)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (code, _) => await EnqueueAsync(client, code));
    await Task.Delay(TimeSpan.FromSeconds(5));
    var following = RssMegabytes(realtime);
    foreach (var connection in followers)
    {
        await connection.DisposeAsync();
    }

    await Task.Delay(TimeSpan.FromSeconds(10));
    Console.WriteLine();
    Console.WriteLine("| Realtime RSS MB | before | 100 queues followed, 5,000 events | after the clients left |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine(Invariant($"| | {before:0} | {following:0} | {RssMegabytes(realtime):0} |"));
}

// Enqueues at a steady rate (a tick every 10 ms, as many as are due), up to 64 calls in flight.
async Task<int> DriveAsync(QueueBroker.QueueBrokerClient client, string queue, int perSecond, double duration)
{
    var sent = 0;
    var inFlight = new SemaphoreSlim(64);
    var calls = new List<Task>();
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < duration)
    {
        var due = (int)(clock.Elapsed.TotalSeconds * perSecond);
        while (sent < due)
        {
            sent++;
            await inFlight.WaitAsync();
            calls.Add(Task.Run(async () =>
            {
                try
                {
                    await EnqueueAsync(client, queue);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.Delay(10);
    }

    await Task.WhenAll(calls);
    return sent;
}

// A request as the Consumer hands it over: the customer sealed with Realtime's key, so Realtime decrypts a name per event.
Task EnqueueAsync(QueueBroker.QueueBrokerClient client, string queue)
{
    var requestId = Guid.NewGuid().ToString("N");
    var customer = encryptor.Encrypt(JsonSerializer.SerializeToUtf8Bytes(new { name = "Maria Example" }), Encoding.UTF8.GetBytes(requestId));
    return client.EnqueueAsync(new EnqueueRequest
    {
        RequestId = requestId,
        Queue = queue,
        Channel = Channel.Kiosk,
        Customer = Google.Protobuf.ByteString.CopyFrom(customer),
    }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync;
}

static Task DefineAsync(QueueBroker.QueueBrokerClient client, string code) =>
    client.UpsertQueueAsync(new UpsertQueueRequest
    {
        Definition = new QueueDefinition { Code = code, Name = code, NumberPrefix = code[..1], Open = true, PriorityRun = 2, TimeZone = "UTC" },
    }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync;

static HubConnection Connect(Uri hub, string token) =>
    new HubConnectionBuilder()
        .WithUrl(hub, options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            options.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();

static string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

// The CPUs this process may run on (its clients' and the Watch baseline's), from /proc.
static string ClientCpus() =>
    File.ReadLines("/proc/self/status").First(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':')[1].Trim();

static double CpuSeconds(Process process)
{
    process.Refresh();
    return process.TotalProcessorTime.TotalSeconds;
}

static double RssMegabytes(Process process)
{
    var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

// The Release build when there is one, else the Debug build, found from this file's place in the repository.
static string ServiceAssembly(string project, [System.Runtime.CompilerServices.CallerFilePath] string benchFile = "")
{
    var release = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(benchFile)!, "..", "..", project, "bin", "Release", "net10.0", project + ".dll"));
    return File.Exists(release) ? release : release.Replace(Path.Combine("bin", "Release"), Path.Combine("bin", "Debug"), StringComparison.Ordinal);
}

static string Flavour(string project) => ServiceAssembly(project).Contains("Release", StringComparison.Ordinal) ? "Release" : "Debug";

internal sealed record EventBatch(string Queue, ulong After, BatchEvent[] Events);

internal sealed record BatchEvent(ulong Cursor, DateTimeOffset? OccurredAt);
