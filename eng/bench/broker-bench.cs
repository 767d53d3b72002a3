#:property PublishAot=false
#:project ../../ServiceQueue.Broker/ServiceQueue.Broker.csproj
#:project ../../ServiceQueue.AppHost/ServiceQueue.AppHost.csproj

// Broker benchmark (docs/benchmarks.md): Enqueue and CallNext through the running Broker's gRPC endpoint
// at 1, 16 and 64 concurrent callers, beside redis-benchmark driving the same Lua scripts with EVALSHA
// against the same Redis in the same run. Usage: dotnet run eng/bench/broker-bench.cs [seconds per step]
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grpc.Net.Client;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Broker.V1;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var repository = FindRepository();
using var folder = RunFolder.Create();
var redis = new RedisServer(new LocalServerOptions { DataDirectory = folder.For("redis") });
await redis.StartAsync();
Process? broker = null;
try
{
    var grpcPort = FreePort.Next();
    var httpPort = FreePort.Next();
    broker = StartBroker(redis.ConnectionString, httpPort, grpcPort);
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    await WaitHealthyAsync(http);
    // The generated client, as the services call the Broker; every call carries a deadline, as theirs do.
    using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    var client = new QueueBroker.QueueBrokerClient(channel);
    await client.UpsertQueueAsync(new UpsertQueueRequest
    {
        Definition = new QueueDefinition { Code = "BENCH", Name = "Bench", NumberPrefix = "B", Open = true, PriorityRun = 2, TimeZone = "UTC" },
    }, deadline: Deadline());

    Console.WriteLine($"# Broker benchmark: {seconds:0.#} s per step, {Environment.ProcessorCount} cores, Redis appendfsync {redis.AppendFsync}");
    Console.WriteLine();
    Console.WriteLine("| operation | callers | Broker (gRPC) ops/s | p50 ms | p99 ms | redis-benchmark EVALSHA ops/s | p50 ms | p99 ms | Broker / raw |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
    var counter = 0L;
    foreach (var callers in new[] { 1, 16, 64 })
    {
        var enqueue = await MeasureAsync(callers, seconds, async () =>
        {
            var id = Interlocked.Increment(ref counter);
            await client.EnqueueAsync(new EnqueueRequest
            {
                RequestId = $"b{id}",
                Queue = "BENCH",
                Channel = Channel.Kiosk,
                Customer = Google.Protobuf.ByteString.CopyFrom(new byte[64]),
            }, deadline: Deadline());
        });
        var rawEnqueue = RedisBenchmark(redis, callers, seconds, enqueue.Rate, "enqueue",
            "__rand_int__", "r__rand_int__", "BENCH", "normal", "", "kiosk", Convert.ToBase64String(new byte[64]), "UTC", "20260302");
        Report("Enqueue", callers, enqueue, rawEnqueue);

        // Each call comes from a fresh attendant and desk, so every one takes a ticket (none is refused as busy).
        var callNext = await MeasureAsync(callers, seconds, async () =>
        {
            var id = Interlocked.Increment(ref counter);
            await client.CallNextAsync(new CallNextRequest { Queue = "BENCH", Attendant = $"a{id}", Desk = $"d{id}" }, deadline: Deadline());
        }, maxOperations: (long)(enqueue.Operations * 0.45));
        var rawCallNext = RedisBenchmark(redis, callers, seconds, callNext.Rate, "call_next", "BENCH", "a__rand_int__", "d__rand_int__");
        Report("CallNext", callers, callNext, rawCallNext);
    }
}
finally
{
    if (broker is not null)
    {
        broker.Kill(entireProcessTree: true);
        await broker.WaitForExitAsync();
    }

    await redis.StopAsync();
}

static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

void Report(string operation, int callers, Measurement broker, Measurement raw) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {operation} | {callers} | {broker.Rate:0} | {broker.P50:0.00} | {broker.P99:0.00} | {raw.Rate:0} | {raw.P50:0.00} | {raw.P99:0.00} | {broker.Rate / raw.Rate:0.00} |"));

Process StartBroker(string connectionString, int httpPort, int grpcPort)
{
    var assembly = ServiceAssembly("ServiceQueue.Broker");
    var start = new ProcessStartInfo("dotnet") { ArgumentList = { assembly }, UseShellExecute = false, RedirectStandardOutput = true };
    start.Environment["ConnectionStrings__redis"] = connectionString;
    start.Environment["Broker__KeyPrefix"] = "bench:";
    start.Environment["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{httpPort}";
    start.Environment["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpcPort}";
    start.Environment["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    var process = Process.Start(start)!;
    _ = process.StandardOutput.ReadToEndAsync();
    return process;
}

static async Task WaitHealthyAsync(HttpClient http)
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

static async Task<Measurement> MeasureAsync(int callers, double seconds, Func<Task> operation, long maxOperations = long.MaxValue)
{
    // A short warm-up (JIT, connections) that is not counted.
    await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
    {
        for (var i = 0; i < 20; i++)
        {
            await operation();
        }
    }));

    var latencies = new List<double>[callers];
    var total = 0L;
    var clock = Stopwatch.StartNew();
    var end = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, callers).Select(async c =>
    {
        var mine = latencies[c] = [];
        while (clock.Elapsed < end && Interlocked.Increment(ref total) <= maxOperations)
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

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

// The same script text the Broker loads (_lib.lua + the script), hence the same SHA1, driven with EVALSHA.
Measurement RedisBenchmark(RedisServer redis, int callers, double seconds, double brokerRate, string script, params string[] scriptArguments)
{
    var scripts = Path.Combine(repository, "ServiceQueue.Broker", "Storage", "Scripts");
    var source = File.ReadAllText(Path.Combine(scripts, "_lib.lua")) + File.ReadAllText(Path.Combine(scripts, script + ".lua"));
    var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    string[] common = ["bench:", now, "100000", "300000", "900000", "20", "172800"];

    // About as many requests as the step's length allows at the raw rate (estimated at 8x the Broker's), at least 2000.
    var requests = Math.Max(2000, (long)(brokerRate * 8 * seconds));
    if (script == "call_next")
    {
        requests = Math.Min(requests, 20000);
    }

    var start = new ProcessStartInfo("redis-benchmark") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in new[] { "-h", "127.0.0.1", "-p", redis.Port.ToString(CultureInfo.InvariantCulture), "-a", redis.Password,
        "-c", callers.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture), "-r", "1000000000", "--csv",
        "EVALSHA", sha, "0" }.Concat(common).Concat(scriptArguments))
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var line = output.Split('\n').Last(l => l.StartsWith("\"EVALSHA", StringComparison.Ordinal));
    var fields = line.Split(',').Select(f => f.Trim('"')).ToArray();
    double Field(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);

    // --csv: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    return new Measurement(requests, Field(1), Field(4), Field(6));
}

static string FindRepository()
{
    var directory = new DirectoryInfo(Environment.CurrentDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ServiceQueue.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}

// A service's Debug build output (the AppHost reference above builds every service), found from this file's place in the repository.
static string ServiceAssembly(string project, [System.Runtime.CompilerServices.CallerFilePath] string benchFile = "") =>
    Path.GetFullPath(Path.Combine(Path.GetDirectoryName(benchFile)!, "..", "..", project, "bin", "Debug", "net10.0", project + ".dll"));

internal sealed record Measurement(long Operations, double Rate, double P50, double P99);
