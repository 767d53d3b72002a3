#:property PublishAot=false
#:project ../../ServiceQueue.Broker/ServiceQueue.Broker.csproj
#:project ../../ServiceQueue.AppHost/ServiceQueue.AppHost.csproj
#:project BenchKit/BenchKit.csproj

// Broker benchmark (docs/benchmarks.md): Enqueue and CallNext through a running Broker's gRPC endpoint
// at 1, 16 and 64 concurrent callers, beside redis-benchmark driving the same Lua scripts with EVALSHA
// against the same Redis in the same run.
// Usage: dotnet run -c Release eng/bench/broker-bench.cs [operations per step] [rounds] [another Broker build's .dll or native executable ...]
// BENCH_STEPS=callers,branches (the default: both) chooses the steps. The branches step (issue 16's scale
// target) compares two installations of this checkout's Broker, each with a Redis of its own: one holding
// a single branch of 10 queues, one holding 200 branches of 10 queues (2,000), every queue of both filled
// with the same waiting tickets. It runs Enqueue, CallNext, StartService and Complete on a queue of each,
// the same counts on queues of the same length, the two installations taking turns, and reports many / one.
// Like with like: every step, Broker or raw, runs the same number of operations on a queue of its own
// that starts empty (the same definition, copied into the raw step's key prefix), so both sides see the
// same queue lengths: Enqueue fills the queue with N tickets, then CallNext calls N/2 of them. Each side's
// queue length is checked after its step, so a raw step whose script only answered errors cannot pass.
// With several rounds every step runs that many times, each Broker and the raw server taking turns, and
// the table gives the medians. Other Broker builds (an older commit's, say) are driven by the same client
// in the same rounds against the same Redis, each under its own key prefix.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grpc.Net.Client;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Broker.V1;
using StackExchange.Redis;
using static ServiceQueue.Bench.BenchTools;
using static Timing;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

var operations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var steps = (Environment.GetEnvironmentVariable("BENCH_STEPS") ?? "callers,branches").Split(',', StringSplitOptions.TrimEntries);
var assemblies = new[] { ServiceAssembly("ServiceQueue.Broker") }.Concat(args.Skip(2).Select(Path.GetFullPath)).ToArray();
var repository = FindRepository();
const string RawPrefix = "bench:";
using var folder = RunFolder.Create();
var redis = new RedisServer(new LocalServerOptions { DataDirectory = folder.For("redis") });
await redis.StartAsync();
using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
var db = inspector.GetDatabase();
var brokers = new List<BrokerUnderTest>();
var lastRaw = "";
try
{
    for (var i = 0; i < assemblies.Length; i++)
    {
        brokers.Add(await BrokerUnderTest.StartAsync(i == 0 ? "this checkout" : $"build {i}", assemblies[i], $"bench{i}:", redis.ConnectionString));
    }

    // A warm-up (JIT, connections, script cache) on a queue of its own that no step counts.
    foreach (var broker in brokers)
    {
        await broker.CreateQueueAsync("WARMUP");
        for (var i = 0; i < 300; i++)
        {
            await broker.Client.EnqueueAsync(new EnqueueRequest { RequestId = $"w{i}", Queue = "WARMUP", Channel = Channel.Kiosk }, deadline: Deadline());
            await broker.Client.CallNextAsync(new CallNextRequest { Queue = "WARMUP", Attendant = $"w{i}", Desk = $"w{i}" }, deadline: Deadline());
        }
    }

    Console.WriteLine($"# Broker benchmark: {operations} enqueues and {operations / 2} calls per step, {rounds} round(s), {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, Redis appendfsync {redis.AppendFsync}, Broker {assemblies[0]}");
    for (var i = 1; i < assemblies.Length; i++)
    {
        Console.WriteLine($"# build {i}: {assemblies[i]}");
    }

    Console.WriteLine();
    if (steps.Contains("callers"))
    {
        await RunCallerStepsAsync();
    }

    if (steps.Contains("branches"))
    {
        await RunBranchStepAsync();
    }
}
finally
{
    foreach (var broker in brokers)
    {
        await broker.DisposeAsync();
    }

    await redis.StopAsync();
}

async Task RunCallerStepsAsync()
{
    Console.WriteLine("| operation | callers | Broker | Broker (gRPC) ops/s | p50 ms | p99 ms | redis-benchmark EVALSHA ops/s | p50 ms | p99 ms | Broker / raw | per round |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
    var counter = 0L;
    foreach (var callers in new[] { 1, 16, 64 })
    {
        var enqueues = brokers.ToDictionary(b => b, _ => new List<Measurement>());
        var callNexts = brokers.ToDictionary(b => b, _ => new List<Measurement>());
        var rawEnqueues = new List<Measurement>();
        var rawCallNexts = new List<Measurement>();
        for (var round = 0; round < rounds; round++)
        {
            var queue = $"S{callers}R{round}";
            foreach (var broker in brokers)
            {
                await broker.CreateQueueAsync(queue);
                var enqueued = await MeasureAsync(callers, operations, async () =>
                {
                    var id = Interlocked.Increment(ref counter);
                    await broker.Client.EnqueueAsync(new EnqueueRequest
                    {
                        RequestId = $"b{id}",
                        Queue = queue,
                        Channel = Channel.Kiosk,
                        Customer = Google.Protobuf.ByteString.CopyFrom(new byte[64]),
                    }, deadline: Deadline());
                });
                enqueues[broker].Add(enqueued with { Valid = await ExpectWaitingAsync(broker.Prefix, queue, operations) });
            }

            // The raw side's queue: the Broker's own definition, copied under the raw prefix.
            var definition = await db.HashGetAllAsync($"{brokers[0].Prefix}q:{queue}:def");
            await db.HashSetAsync($"{RawPrefix}q:{queue}:def", definition);
            var rawEnqueued = RedisBenchmark(redis, callers, operations, "enqueue",
                "__rand_int__", "r__rand_int__", queue, "normal", "", "kiosk", Convert.ToBase64String(new byte[64]), "UTC", DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            rawEnqueues.Add(rawEnqueued with { Valid = await ExpectWaitingAsync(RawPrefix, queue, operations) });

            // Each call comes from a fresh attendant and desk, so every one takes a ticket (none is refused as busy).
            foreach (var broker in brokers)
            {
                var called = await MeasureAsync(callers, operations / 2, async () =>
                {
                    var id = Interlocked.Increment(ref counter);
                    await broker.Client.CallNextAsync(new CallNextRequest { Queue = queue, Attendant = $"a{id}", Desk = $"d{id}" }, deadline: Deadline());
                });
                callNexts[broker].Add(called with { Valid = await ExpectWaitingAsync(broker.Prefix, queue, operations - (operations / 2)) });
            }

            var rawCalled = RedisBenchmark(redis, callers, operations / 2, "call_next", queue, "a__rand_int__", "d__rand_int__");
            rawCallNexts.Add(rawCalled with { Valid = await ExpectWaitingAsync(RawPrefix, queue, operations - (operations / 2)) });
        }

        foreach (var broker in brokers)
        {
            Report("Enqueue", callers, broker.Label, enqueues[broker], rawEnqueues);
        }

        foreach (var broker in brokers)
        {
            Report("CallNext", callers, broker.Label, callNexts[broker], rawCallNexts);
        }
    }
}

// Issue 16's scale target: one installation with 200 branches of 10 queues costs per operation what one
// branch costs. Each installation is its own Redis and Broker (this checkout's build), so the one-branch
// side has a one-branch keyspace; the operations, counts and queue lengths are the same on both sides.
async Task RunBranchStepAsync()
{
    const int QueuesPerBranch = 10;
    const int ManyBranches = 200;
    const int FillPerQueue = 20;
    const string Measured = "BR137";
    var callerCounts = new[] { 1, 16 };
    if (callerCounts.Length * rounds > QueuesPerBranch)
    {
        throw new InvalidOperationException($"the branches step measures each round on a queue of its own: at most {QueuesPerBranch / callerCounts.Length} rounds");
    }

    await using var one = await Installation.StartAsync("one branch", assemblies[0], folder.For("redis-one"));
    await using var many = await Installation.StartAsync($"{ManyBranches} branches", assemblies[0], folder.For("redis-many"));
    var filled = Stopwatch.StartNew();
    await one.FillAsync(["SOLO"], QueuesPerBranch, FillPerQueue);
    await many.FillAsync([.. Enumerable.Range(0, ManyBranches).Select(b => $"BR{b:000}")], QueuesPerBranch, FillPerQueue);
    // The fill grows the append-only file; rewrite it now on both sides so no round pays for a rewrite the fill caused.
    await Task.WhenAll(one.SettleAsync(), many.SettleAsync());
    var forks = (One: await one.ForksAsync(), Many: await many.ForksAsync());
    Console.WriteLine($"# branches step: {operations} enqueues, {operations / 2} calls, starts and completions per queue and round, {rounds} round(s); every queue starts with {FillPerQueue} waiting tickets");
    Console.WriteLine($"# one branch: {await one.KeyCountAsync()} keys; {ManyBranches} branches x {QueuesPerBranch} queues: {await many.KeyCountAsync()} keys (filled in {filled.Elapsed.TotalSeconds:0} s); load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    Console.WriteLine();
    Console.WriteLine("| operation | callers | one branch ops/s | p50 ms | p99 ms | 200 branches ops/s | p50 ms | p99 ms | many / one | per round | Redis us/script one / many |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
    var operationNames = new[] { "Enqueue", "CallNext", "StartService", "Complete" };
    for (var c = 0; c < callerCounts.Length; c++)
    {
        var callers = callerCounts[c];
        var results = new[] { one, many }.ToDictionary(i => i, _ => operationNames.ToDictionary(o => o, _ => new List<Measurement>()));
        for (var round = 0; round < rounds; round++)
        {
            var queue = $"Q{(c * rounds) + round}";
            // The two installations take turns, each going first in every other round.
            var order = round % 2 == 0 ? new[] { (one, "SOLO"), (many, Measured) } : new[] { (many, Measured), (one, "SOLO") };
            foreach (var (installation, branch) in order)
            {
                var measured = await installation.RunCycleAsync(branch, queue, callers, operations, FillPerQueue);
                for (var o = 0; o < operationNames.Length; o++)
                {
                    results[installation][operationNames[o]].Add(measured[o]);
                }
            }
        }

        foreach (var operation in operationNames)
        {
            ReportBranches(operation, callers, results[one][operation], results[many][operation]);
        }
    }

    Console.WriteLine();
    Console.WriteLine($"# after the rounds: one branch {await one.KeyCountAsync()} keys, {await one.UsedMemoryAsync()}, {await one.ForksAsync() - forks.One} fork(s) (AOF rewrites) during the rounds; {ManyBranches} branches {await many.KeyCountAsync()} keys, {await many.UsedMemoryAsync()}, {await many.ForksAsync() - forks.Many} fork(s)");
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static void ReportBranches(string operation, int callers, List<Measurement> one, List<Measurement> many)
{
    var perRound = one.Zip(many, (o, m) => o.Valid && m.Valid ? m.Rate / o.Rate : double.NaN).Where(r => !double.IsNaN(r)).ToArray();
    one = [.. one.Where(m => m.Valid)];
    many = [.. many.Where(m => m.Valid)];
    var rate = Median(one.Select(m => m.Rate));
    var manyRate = Median(many.Select(m => m.Rate));
    var rounds = perRound.Length == 0 ? "none" : string.Join(" ", perRound.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {operation} | {callers} | {rate:0} | {Median(one.Select(m => m.P50)):0.00} | {Median(one.Select(m => m.P99)):0.00} | {manyRate:0} | {Median(many.Select(m => m.P50)):0.00} | {Median(many.Select(m => m.P99)):0.00} | {manyRate / rate:0.00} | {rounds} | {Median(one.Select(m => m.RedisMicros)):0.0} / {Median(many.Select(m => m.RedisMicros)):0.0} |"));
}

// Both sides must have done the same work: the queue holds exactly what the step should have left. A step
// that did not is reported and left out of the medians (its rate measured something else).
async Task<bool> ExpectWaitingAsync(string prefix, string queue, long expected)
{
    var waiting = await db.SortedSetLengthAsync($"{prefix}q:{queue}:wn") + await db.SortedSetLengthAsync($"{prefix}q:{queue}:wp");
    // redis-benchmark's random ids may repeat a request id now and then (an existing ticket, not a new one): allow 1%.
    if (waiting > expected || waiting < expected * 0.99)
    {
        var detail = prefix == RawPrefix ? $" Last raw step: {lastRaw}" : "";
        Console.WriteLine($"# LEFT OUT: queue {queue} under '{prefix}' holds {waiting} waiting tickets, not {expected}: the step did not do the work it was timed for.{detail}");
        return false;
    }

    return true;
}

static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

static void Report(string operation, int callers, string label, List<Measurement> broker, List<Measurement> raw)
{
    // Only the steps that did their work count; a round counts for the ratio only when both its steps did.
    var perRound = broker.Zip(raw, (b, r) => b.Valid && r.Valid ? b.Rate / r.Rate : double.NaN).Where(r => !double.IsNaN(r)).Order().ToArray();
    broker = [.. broker.Where(m => m.Valid)];
    raw = [.. raw.Where(m => m.Valid)];
    var rate = Median(broker.Select(m => m.Rate));
    var rawRate = Median(raw.Select(m => m.Rate));
    var spread = perRound.Length == 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"{perRound[0]:0.00}-{perRound[^1]:0.00}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {operation} | {callers} | {label} | {rate:0} | {Median(broker.Select(m => m.P50)):0.00} | {Median(broker.Select(m => m.P99)):0.00} | {rawRate:0} | {Median(raw.Select(m => m.P50)):0.00} | {Median(raw.Select(m => m.P99)):0.00} | {rate / rawRate:0.00} | {spread} |"));
}

// The same script text the Broker loads (_lib.lua, _enqueue.lua for the enqueue scripts, the script), hence the same SHA1, driven with EVALSHA.
Measurement RedisBenchmark(RedisServer redis, int callers, long requests, string script, params string[] scriptArguments)
{
    var scripts = Path.Combine(repository, "ServiceQueue.Broker", "Storage", "Scripts");
    var shared = script.StartsWith("enqueue", StringComparison.Ordinal) ? File.ReadAllText(Path.Combine(scripts, "_enqueue.lua")) : "";
    var source = File.ReadAllText(Path.Combine(scripts, "_lib.lua")) + shared + File.ReadAllText(Path.Combine(scripts, script + ".lua"));
    var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    string[] common = [RawPrefix, now, "100000", "300000", "900000", "20", "172800"];

    var start = new ProcessStartInfo("redis-benchmark") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in new[] { "-h", "127.0.0.1", "-p", redis.Port.ToString(CultureInfo.InvariantCulture), "-a", redis.Password,
        "-c", callers.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture), "-r", "1000000000", "--csv",
        "EVALSHA", sha, "0" }.Concat(common).Concat(scriptArguments))
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var errors = process.StandardError.ReadToEndAsync();
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    lastRaw = $"redis-benchmark {string.Join(' ', start.ArgumentList.Skip(6))}; stderr: {errors.Result.Trim()}";
    var line = output.Split('\n').Last(l => l.StartsWith("\"EVALSHA", StringComparison.Ordinal));
    var fields = line.Split(',').Select(f => f.Trim('"')).ToArray();
    double Field(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);

    // --csv: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    return new Measurement(requests, Field(1), Field(4), Field(6));
}

internal sealed record Measurement(long Operations, double Rate, double P50, double P99, bool Valid = true, double RedisMicros = double.NaN);

/// <summary>One Broker process on its own ports and key prefix, with the generated client the services use.</summary>
internal sealed class BrokerUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly GrpcChannel _channel;

    private BrokerUnderTest(string label, string prefix, Process process, GrpcChannel channel)
    {
        Label = label;
        Prefix = prefix;
        _process = process;
        _channel = channel;
        Client = new QueueBroker.QueueBrokerClient(channel);
    }

    public string Label { get; }

    public string Prefix { get; }

    public QueueBroker.QueueBrokerClient Client { get; }

    public static async Task<BrokerUnderTest> StartAsync(string label, string assembly, string keyPrefix, string redisConnectionString)
    {
        var grpcPort = FreePort.Next();
        var httpPort = FreePort.Next();
        // A .dll runs on the shared runtime; anything else is taken as a native (AOT) build's executable.
        var start = assembly.EndsWith(".dll", StringComparison.Ordinal)
            ? new ProcessStartInfo("dotnet") { ArgumentList = { assembly }, UseShellExecute = false, RedirectStandardOutput = true }
            : new ProcessStartInfo(assembly) { UseShellExecute = false, RedirectStandardOutput = true };
        start.Environment["ConnectionStrings__redis"] = redisConnectionString;
        start.Environment["Broker__KeyPrefix"] = keyPrefix;
        start.Environment["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpcPort}";
        start.Environment["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") })
        {
            await WaitHealthyAsync(http);
        }

        // The generated client, as the services call the Broker; every call carries a deadline, as theirs do.
        return new BrokerUnderTest(label, keyPrefix, process, GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}"));
    }

    public Task CreateQueueAsync(string code, string branch = "") => Client.UpsertQueueAsync(new UpsertQueueRequest
    {
        Definition = new QueueDefinition { Code = code, Name = "Bench", NumberPrefix = "B", Open = true, PriorityRun = 2, TimeZone = "UTC", Branch = branch },
    }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync;

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>One installation of the branches step: a Redis of its own and a Broker on it.</summary>
internal sealed class Installation : IAsyncDisposable
{
    private const string KeyPrefix = "sq:";
    private readonly RedisServer _redis;
    private readonly ConnectionMultiplexer _inspector;
    private readonly BrokerUnderTest _broker;
    private long _counter;

    private Installation(RedisServer redis, ConnectionMultiplexer inspector, BrokerUnderTest broker)
    {
        _redis = redis;
        _inspector = inspector;
        _broker = broker;
    }

    public static async Task<Installation> StartAsync(string label, string assembly, string redisFolder)
    {
        var redis = new RedisServer(new LocalServerOptions { DataDirectory = redisFolder });
        await redis.StartAsync();
        var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var broker = await BrokerUnderTest.StartAsync(label, assembly, KeyPrefix, redis.ConnectionString);
        return new Installation(redis, inspector, broker);
    }

    /// <summary>Defines the queues of each branch and puts <paramref name="perQueue"/> waiting tickets in each, in batches.</summary>
    public async Task FillAsync(IReadOnlyList<string> branches, int queuesPerBranch, int perQueue)
    {
        foreach (var branch in branches)
        {
            var batch = new EnqueueBatchRequest();
            for (var q = 0; q < queuesPerBranch; q++)
            {
                await _broker.CreateQueueAsync($"Q{q}", branch);
                for (var t = 0; t < perQueue; t++)
                {
                    batch.Items.Add(Request(branch, $"Q{q}"));
                }
            }

            var reply = await _broker.Client.EnqueueBatchAsync(batch, deadline: DateTime.UtcNow.AddSeconds(30));
            if (reply.Results.Any(r => r.Error is not null))
            {
                throw new InvalidOperationException($"filling branch {branch}: {reply.Results.First(r => r.Error is not null).Error}");
            }
        }

        // A warm-up on a queue no round measures: JIT, connections, script cache.
        await _broker.CreateQueueAsync("WARMUP", branches[0]);
        for (var i = 0; i < 300; i++)
        {
            await _broker.Client.EnqueueAsync(Request(branches[0], "WARMUP"), deadline: DateTime.UtcNow.AddSeconds(30));
            var called = await _broker.Client.CallNextAsync(new CallNextRequest { Branch = branches[0], Queue = "WARMUP", Attendant = $"w{i}", Desk = $"w{i}" }, deadline: DateTime.UtcNow.AddSeconds(30));
            await _broker.Client.StartServiceAsync(new StartServiceRequest { TicketId = called.Ticket.Id, Attendant = $"w{i}" }, deadline: DateTime.UtcNow.AddSeconds(30));
            await _broker.Client.CompleteAsync(new CompleteRequest { TicketId = called.Ticket.Id, Attendant = $"w{i}", Outcome = "served" }, deadline: DateTime.UtcNow.AddSeconds(30));
        }
    }

    // Redis's own time per script call over a step (INFO commandstats, EVALSHA): what the keyspace could
    // change, far less moved by the machine's load than the client's rates. It includes the few gauge reads.
    private async Task<Measurement> TimedAsync(Func<Task<Measurement>> step)
    {
        var (calls, micros) = await ScriptStatsAsync();
        var measured = await step();
        var (callsAfter, microsAfter) = await ScriptStatsAsync();
        return measured with { RedisMicros = (double)(microsAfter - micros) / Math.Max(callsAfter - calls, 1) };
    }

    private async Task<(long Calls, long Micros)> ScriptStatsAsync()
    {
        var stats = (await Server.InfoAsync("commandstats")).SelectMany(g => g).FirstOrDefault(p => p.Key == "cmdstat_evalsha").Value ?? "";
        var fields = stats.Split(',').Select(f => f.Split('=')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
        return (long.Parse(fields.GetValueOrDefault("calls", "0"), CultureInfo.InvariantCulture), long.Parse(fields.GetValueOrDefault("usec", "0"), CultureInfo.InvariantCulture));
    }

    public async Task<long> KeyCountAsync() => await Server.DatabaseSizeAsync();

    /// <summary>Rewrites the append-only file and waits until the rewrite is done.</summary>
    public async Task SettleAsync()
    {
        await Server.ExecuteAsync("BGREWRITEAOF");
        while (await InfoAsync("persistence", "aof_rewrite_in_progress") != "0" || await InfoAsync("persistence", "aof_rewrite_scheduled") != "0")
        {
            await Task.Delay(200);
        }
    }

    public async Task<long> ForksAsync() => long.Parse(await InfoAsync("stats", "total_forks"), CultureInfo.InvariantCulture);

    public Task<string> UsedMemoryAsync() => InfoAsync("memory", "used_memory_human");

    private IServer Server => _inspector.GetServer(_inspector.GetEndPoints()[0]);

    private async Task<string> InfoAsync(string section, string field) =>
        (await Server.InfoAsync(section)).SelectMany(g => g).Single(p => p.Key == field).Value;

    /// <summary>
    /// On a queue holding <paramref name="fill"/> waiting tickets: <paramref name="operations"/> enqueues, then
    /// half as many calls, starts of service and completions, each from a fresh attendant and desk.
    /// </summary>
    public async Task<Measurement[]> RunCycleAsync(string branch, string queue, int callers, int operations, int fill)
    {
        var enqueued = await TimedAsync(() => MeasureAsync(callers, operations, () => _broker.Client.EnqueueAsync(Request(branch, queue), deadline: Deadline()).ResponseAsync));
        var called = new System.Collections.Concurrent.ConcurrentQueue<(string Ticket, string Attendant)>();
        var calls = await TimedAsync(() => MeasureAsync(callers, operations / 2, async () =>
        {
            var id = Interlocked.Increment(ref _counter);
            var reply = await _broker.Client.CallNextAsync(new CallNextRequest { Branch = branch, Queue = queue, Attendant = $"a{id}", Desk = $"d{id}" }, deadline: Deadline());
            called.Enqueue((reply.Ticket.Id, $"a{id}"));
        }));
        var holders = called.ToArray();
        var next = -1;
        var started = await TimedAsync(() => MeasureAsync(callers, holders.Length, async () =>
        {
            var (ticket, attendant) = holders[Interlocked.Increment(ref next)];
            await _broker.Client.StartServiceAsync(new StartServiceRequest { TicketId = ticket, Attendant = attendant }, deadline: Deadline());
        }));
        next = -1;
        var completed = await TimedAsync(() => MeasureAsync(callers, holders.Length, async () =>
        {
            var (ticket, attendant) = holders[Interlocked.Increment(ref next)];
            await _broker.Client.CompleteAsync(new CompleteRequest { TicketId = ticket, Attendant = attendant, Outcome = "served" }, deadline: Deadline());
        }));

        // Both sides must have done the same work: the queue holds what the cycle leaves, nothing is active.
        var db = _inspector.GetDatabase();
        var line = $"{KeyPrefix}b:{branch}:q:{queue}:";
        var waiting = await db.SortedSetLengthAsync(line + "wn") + await db.SortedSetLengthAsync(line + "wp");
        var active = await db.SetLengthAsync(line + "active");
        var valid = waiting == fill + operations - (operations / 2) && active == 0 && holders.Length == operations / 2;
        if (!valid)
        {
            Console.WriteLine($"# LEFT OUT: {_broker.Label} queue {branch}.{queue} holds {waiting} waiting and {active} active tickets after its cycle");
        }

        return [enqueued with { Valid = valid }, calls with { Valid = valid }, started with { Valid = valid }, completed with { Valid = valid }];
    }

    private EnqueueRequest Request(string branch, string queue) => new()
    {
        RequestId = $"r{Interlocked.Increment(ref _counter)}",
        Branch = branch,
        Queue = queue,
        Channel = Channel.Kiosk,
        Customer = Google.Protobuf.ByteString.CopyFrom(new byte[64]),
    };

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _inspector.DisposeAsync();
        await _redis.StopAsync();
    }
}

/// <summary>Times an operation run <c>operations</c> times by <c>callers</c> concurrent callers.</summary>
internal static class Timing
{
    public static async Task<Measurement> MeasureAsync(int callers, long operations, Func<Task> operation)
    {
        var latencies = new List<double>[callers];
        var total = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async c =>
        {
            var mine = latencies[c] = [];
            while (Interlocked.Increment(ref total) <= operations)
            {
                var started = Stopwatch.GetTimestamp();
                await operation();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Measurement(all.Length, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }
}
