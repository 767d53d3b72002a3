#:property PublishAot=false
#:project ../../ServiceQueue.Broker/ServiceQueue.Broker.csproj
#:project ../../ServiceQueue.AppHost/ServiceQueue.AppHost.csproj
#:project BenchKit/BenchKit.csproj

// Big-queue benchmark (docs/benchmarks.md, "Big queues"): a queue of 100,000 waiting tickets, and
// GetQueue pages of 50 at offsets 0, 50,000 and 99,950 through a running Broker's gRPC endpoint,
// beside the same page's script run directly (EVALSHA) and a raw ZRANGE of 50 ids (alone, and with
// the 50 ticket hashes pipelined) against the same Redis in the same run.
// Usage: dotnet run eng/bench/bigqueue-bench.cs [tickets] [repetitions per figure]
// Three queues are measured: FIFO (no maximum wait), OVERDUE (the first 1,000 tickets over the maximum
// wait, so a page past them replays those calls first) and MOSTLYOVERDUE (all but the last 25 over it: the
// worst case, a deep page that straddles the end of the overdue tickets). One ticket in five is priority.
using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Broker.V1;
using StackExchange.Redis;
using static ServiceQueue.Bench.BenchTools;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

var tickets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var repetitions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
const int PageSize = 50;
const string Prefix = "bigq:";
var maxWait = TimeSpan.FromMinutes(30);
var repository = FindRepository();
using var folder = RunFolder.Create();
var redisServer = new RedisServer(new LocalServerOptions { DataDirectory = folder.For("redis") });
await redisServer.StartAsync();
Process? brokerProcess = null;
try
{
    using var redis = await ConnectionMultiplexer.ConnectAsync(redisServer.ConnectionString);
    var db = redis.GetDatabase();
    (brokerProcess, var client) = await StartBrokerAsync(redisServer.ConnectionString);
    var now = DateTimeOffset.UtcNow;
    var shapes = new (string Code, int Overdue)[] { ("FIFO", 0), ("OVERDUE", 1_000), ("MOSTLYOVERDUE", tickets - 25) };
    var fillTimes = new List<string>();
    foreach (var (code, overdue) in shapes)
    {
        await client.UpsertQueueAsync(new UpsertQueueRequest
        {
            Definition = new QueueDefinition
            {
                Code = code, Name = code, NumberPrefix = "B", Open = true, PriorityRun = 2, TimeZone = "UTC",
                MaxWait = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(overdue > 0 ? maxWait : TimeSpan.Zero),
            },
        }, deadline: Deadline());
        var template = (await client.EnqueueAsync(new EnqueueRequest
        {
            RequestId = $"template-{code}", Queue = code, Channel = Channel.Kiosk, Customer = Google.Protobuf.ByteString.CopyFrom(new byte[64]),
        }, deadline: Deadline())).Ticket.Id;
        var fill = Stopwatch.StartNew();
        // The overdue ones started waiting well before the maximum wait, the rest at the start of the run, so the
        // count over it stays put however long the run takes.
        await FillAsync(db, code, template, tickets, overdue, now - maxWait - TimeSpan.FromMinutes(10), now);
        fillTimes.Add($"{code} {fill.Elapsed.TotalSeconds:0.0} s");
    }

    var total = (await client.GetQueueAsync(new GetQueueRequest { Code = "FIFO", PageSize = 1 }, deadline: Deadline())).WaitingTotal;
    Console.WriteLine($"# Big-queue benchmark: {total} tickets a queue (filled in {string.Join(", ", fillTimes)}), pages of {PageSize}, {repetitions} repetitions a figure, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    Console.WriteLine();
    Console.WriteLine("| queue | offset | GetQueue (gRPC) p50 ms | p99 ms | reply KiB | get_queue.lua (EVALSHA) p50 ms | p99 ms | raw ZRANGE 50 p50 ms | p99 ms | ZRANGE + 50 HGETALL p50 ms | p99 ms |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
    var script = File.ReadAllText(Path.Combine(repository, "ServiceQueue.Broker", "Storage", "Scripts", "_lib.lua"))
        + File.ReadAllText(Path.Combine(repository, "ServiceQueue.Broker", "Storage", "Scripts", "get_queue.lua"));
    foreach (var (code, _) in shapes)
    {
        foreach (var offset in new[] { 0, tickets / 2, tickets - PageSize })
        {
            var size = 0;
            var grpc = await MeasureAsync(repetitions, async () =>
            {
                var page = await client.GetQueueAsync(new GetQueueRequest { Code = code, Offset = offset, PageSize = PageSize }, deadline: Deadline());
                if (page.Waiting.Count != PageSize || page.Waiting[0].Position != offset + 1)
                {
                    throw new InvalidOperationException($"{code} at {offset}: {page.Waiting.Count} tickets from position {page.Waiting.FirstOrDefault()?.Position}");
                }

                size = page.CalculateSize();
            });

            // The same arguments the Broker passes: the common ones (prefix, clock, limits), then queue, offset, size, cap.
            RedisValue[] arguments = [Prefix, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 100000, 300000, 900000, 20, 172800, code, offset, PageSize, PageSize];
            // The client sends EVALSHA once the script is known to the server (the warm-up loads it).
            var lua = await MeasureAsync(repetitions, () => db.ScriptEvaluateAsync(script, values: arguments));
            var line = $"{Prefix}q:{code}:wn";
            var zrange = await MeasureAsync(repetitions, () => db.SortedSetRangeByRankAsync(line, offset, offset + PageSize - 1));
            var withHashes = await MeasureAsync(repetitions, async () =>
            {
                var ids = await db.SortedSetRangeByRankAsync(line, offset, offset + PageSize - 1);
                await Task.WhenAll(ids.Select(id => db.HashGetAllAsync($"{Prefix}t:{id}")));
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {code} | {offset} | {grpc.P50:0.00} | {grpc.P99:0.00} | {size / 1024.0:0.0} | {lua.P50:0.00} | {lua.P99:0.00} | {zrange.P50:0.00} | {zrange.P99:0.00} | {withHashes.P50:0.00} | {withHashes.P99:0.00} |"));
        }
    }
}
finally
{
    if (brokerProcess is not null)
    {
        brokerProcess.Kill(entireProcessTree: true);
        await brokerProcess.WaitForExitAsync();
    }

    await redisServer.StopAsync();
}

static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

static async Task<Measurement> MeasureAsync(int repetitions, Func<Task> operation)
{
    // Warm-up (JIT, connections, script cache), not counted.
    for (var i = 0; i < 5; i++)
    {
        await operation();
    }

    var latencies = new double[repetitions];
    for (var i = 0; i < repetitions; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await operation();
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    Array.Sort(latencies);
    return new Measurement(Percentile(latencies, 0.50), Percentile(latencies, 0.99));
}

// The fast path: one ticket enqueued through the Broker is copied under new ids into the lines, as
// enqueue.lua would have left them (ticket i is priority when i % 5 == 0 and started waiting i ms after
// oldSince when i < overdue, else i ms after newSince).
static async Task FillAsync(IDatabase db, string code, string template, int count, int overdue, DateTimeOffset oldSince, DateTimeOffset newSince)
{
    const string Fill = """
        local p, code, template = ARGV[1], ARGV[2], ARGV[3]
        local first, count, overdue = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
        local old0, new0 = tonumber(ARGV[7]), tonumber(ARGV[8])
        local fields = redis.call('HGETALL', p .. 't:' .. template)
        for i = first, first + count - 1 do
          local id = string.format('%s%08d', code, i)
          local prio, line = 'normal', 'wn'
          if i % 5 == 0 then prio, line = 'priority', 'wp' end
          local since = string.format('%d', (i < overdue and old0 or new0) + i)
          redis.call('HSET', p .. 't:' .. id, unpack(fields))
          redis.call('HSET', p .. 't:' .. id, 'id', id, 'rid', 'r' .. id, 'number', 'B-' .. i, 'prio', prio, 'order', tostring(i + 1), 'since', since, 'enq', since)
          redis.call('ZADD', p .. 'q:' .. code .. ':' .. line, i + 1, id)
          redis.call('ZADD', p .. 'q:' .. code .. ':since', since, id)
        end
        redis.call('SET', p .. 'q:' .. code .. ':order', first + count)
        return count
        """;
    foreach (var line in new[] { "wp", "wn", "since" })
    {
        await db.SortedSetRemoveAsync($"{Prefix}q:{code}:{line}", template);
    }

    for (var first = 0; first < count; first += 10_000)
    {
        await db.ScriptEvaluateAsync(Fill, values: [Prefix, code, template, first, Math.Min(10_000, count - first), overdue, oldSince.ToUnixTimeMilliseconds(), newSince.ToUnixTimeMilliseconds()]);
    }
}

static async Task<(Process Process, QueueBroker.QueueBrokerClient Client)> StartBrokerAsync(string redisConnectionString)
{
    var grpcPort = FreePort.Next();
    var httpPort = FreePort.Next();
    var start = new ProcessStartInfo("dotnet") { ArgumentList = { ServiceAssembly("ServiceQueue.Broker") }, UseShellExecute = false, RedirectStandardOutput = true };
    start.Environment["ConnectionStrings__redis"] = redisConnectionString;
    start.Environment["Broker__KeyPrefix"] = Prefix;
    start.Environment["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{httpPort}";
    start.Environment["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpcPort}";
    start.Environment["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    var process = Process.Start(start)!;
    _ = process.StandardOutput.ReadToEndAsync();
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    var waited = Stopwatch.StartNew();
    while (true)
    {
        try
        {
            if ((await http.GetAsync("/health")).IsSuccessStatusCode)
            {
                break;
            }
        }
        catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
        }

        await Task.Delay(200);
    }

    return (process, new QueueBroker.QueueBrokerClient(GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}")));
}

internal sealed record Measurement(double P50, double P99);
