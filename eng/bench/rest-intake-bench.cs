#:property PublishAot=false
#:project ../../ServiceQueue.AppHost/ServiceQueue.AppHost.csproj
#:project ../../ServiceQueue.ServiceDefaults/ServiceQueue.ServiceDefaults.csproj
#:project BenchKit/BenchKit.csproj

// REST intake benchmark (docs/benchmarks.md, issue 15): POST /api/v1/service-requests against the Api's
// Release build over real MariaDB and RabbitMQ, beside raw RabbitMQ publish-with-confirms of the same body
// size on the same kind of quorum queue in the same run. Closed loop (N keep-alive HTTP/1.1 clients, with
// and without Idempotency-Key) and open loop (a fixed offered rate); then every request id is looked up in
// the intake queue: a 2xx missing from it is lost, a non-2xx found in it answered dishonestly (unless the
// answer carried the request id), an id found twice is a duplicate.
// Usage: dotnet run eng/bench/rest-intake-bench.cs [clients=64] [seconds per step=10] [offered rate/s=2000] [Api .dll (default: this checkout's Release build)]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.ServiceDefaults.Intake;
using static ServiceQueue.Bench.BenchTools;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var offered = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
var repository = FindRepository();
var apiAssembly = args.Length > 3 ? Path.GetFullPath(args[3]) : await BuildApiAsync(repository);
const string RawQueue = "bench.raw";

using var folder = RunFolder.Create();
await using var mysql = new MariaDbServer(new LocalServerOptions { DataDirectory = folder.For("mysql") });
await using var rabbit = new RabbitMqServer(new LocalServerOptions { DataDirectory = folder.For("rabbitmq") });
Process? api = null;
try
{
    await Task.WhenAll(mysql.StartAsync(), rabbit.StartAsync());
    await using var connection = await new ConnectionFactory { Uri = new Uri(rabbit.ConnectionString), ClientProvidedName = "rest-intake-bench" }.CreateConnectionAsync();
    await using (var setup = await connection.CreateChannelAsync())
    {
        // The Consumer's topology, without the Consumer: what the Api publishes stays in the queue to be counted.
        await IntakeTopology.DeclareAsync(setup, 5, CancellationToken.None);
        await setup.QueueDeclareAsync(RawQueue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
    }

    var apiPort = FreePort.Next();
    api = Start(apiAssembly, new()
    {
        ["ConnectionStrings__servicequeuedb"] = mysql.ConnectionString,
        ["ConnectionStrings__rabbitmq"] = rabbit.ConnectionString,
        // Intake needs no Broker; the reconciler keeps retrying an address nobody answers, in the background.
        ["services__broker__grpc__0"] = $"http://127.0.0.1:{FreePort.Next()}",
        ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{apiPort}",
        ["Security__Jwt__SigningKey"] = Key(),
        ["Security__Jwt__Issuer"] = "bench",
        ["Security__Jwt__Audience"] = "bench",
        ["Security__Encryption__ActiveKeyId"] = "k1",
        ["Security__Encryption__Keys__k1"] = Key(),
        ["Security__Encryption__BlindIndexKey"] = Key(),
        ["Bootstrap__AdminUserName"] = "admin",
        ["Bootstrap__AdminPassword"] = "admin-" + Key(),
        // All load comes from one address: the per-address buckets are set far above it (the limiter stays on).
        ["Intake__SubmitBurstPerAddress"] = "1000000",
        ["Intake__SubmitRefillPerAddress"] = "1000000",
    });

    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(clients, 512), PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"),
        DefaultRequestVersion = HttpVersion.Version11,
        Timeout = TimeSpan.FromSeconds(60),
    };
    await WaitReadyAsync(http, api);
    var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        queue = "BENCH",
        channel = "kiosk",
        customer = new { name = "Ana Souza", document = "123.456.789-00", phone = "+55 11 99999-0000", email = "ana@example.org" },
        priority = "normal",
        notes = "needs a form signed",
    }));
    await using (var purge = await connection.CreateChannelAsync())
    {
        await purge.QueuePurgeAsync(IntakeTopology.IntakeQueue); // the readiness probe's requests
    }

    var outcomes = new ConcurrentDictionary<string, int>();
    await ClosedLoopAsync(http, body, "warm", clients, 3, outcomes, withKey: true);
    var published = await ReadPublishedBodyAsync(connection);

    Console.WriteLine($"# REST intake benchmark: {clients} clients, {seconds:0.#} s per step, offered {offered}/s, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    Console.WriteLine($"# Api: {apiAssembly}; HTTP body {body.Length} bytes, AMQP body {published} bytes");
    Console.WriteLine();
    Console.WriteLine("| step | requests | accepted/s | p50 ms | p99 ms | status codes | Api CPU ms/request | MariaDB + RabbitMQ CPU ms/request |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");

    var servers = ServersCpuSeconds(folder.Path);
    var raw = await RawAsync(connection, published, clients, seconds);
    Console.WriteLine(Invariant($"| raw RabbitMQ publish with confirms (quorum, {clients} outstanding, {published} B) | {raw.Requests} | {raw.Rate:0} | {raw.P50:0.00} | {raw.P99:0.00} | | | {(ServersCpuSeconds(folder.Path) - servers) * 1000 / raw.Requests:0.00} |"));
    var ratios = new List<string>();
    foreach (var (label, withKey) in new[] { ("closed loop, Idempotency-Key", true), ("closed loop, no key", false) })
    {
        var (cpu, serversBefore) = (CpuSeconds(api), ServersCpuSeconds(folder.Path));
        var step = await ClosedLoopAsync(http, body, label, clients, seconds, outcomes, withKey);
        ratios.Add(Invariant($"{label}: {step.Rate / raw.Rate:0.00}"));
        Console.WriteLine(Invariant($"| {label} ({clients} clients) | {step.Requests} | {step.Rate:0} | {step.P50:0.00} | {step.P99:0.00} | {step.Codes} | {(CpuSeconds(api) - cpu) * 1000 / step.Requests:0.00} | {(ServersCpuSeconds(folder.Path) - serversBefore) * 1000 / step.Requests:0.00} |"));
    }

    var (cpuOpen, serversOpen) = (CpuSeconds(api), ServersCpuSeconds(folder.Path));
    var open = await OpenLoopAsync(http, body, offered, seconds, outcomes);
    Console.WriteLine(Invariant($"| open loop, Idempotency-Key, offered {offered}/s | {open.Requests} | {open.Rate:0} | {open.P50:0.00} | {open.P99:0.00} | {open.Codes} | {(CpuSeconds(api) - cpuOpen) * 1000 / open.Requests:0.00} | {(ServersCpuSeconds(folder.Path) - serversOpen) * 1000 / open.Requests:0.00} |"));
    Console.WriteLine($"| accepted / raw | {string.Join("; ", ratios)} | | | | | | |");

    var honesty = await CheckAsync(connection, outcomes);
    Console.WriteLine();
    Console.WriteLine(Invariant($"honesty over {outcomes.Count} keyed requests: {honesty.Published} ids in RabbitMQ, {honesty.Lost} answered 2xx but not in RabbitMQ, {honesty.FailedButPublished} answered non-2xx yet published ({honesty.FailedWithId} of those answers carried the request id), {honesty.Duplicates} ids published twice"));
}
finally
{
    if (api is { HasExited: false })
    {
        api.Kill(entireProcessTree: true);
        await api.WaitForExitAsync();
    }
}

// N clients, each sending its next POST when the last was answered.
async Task<Step> ClosedLoopAsync(HttpClient http, byte[] body, string label, int count, double duration, ConcurrentDictionary<string, int> outcomes, bool withKey)
{
    var codes = new ConcurrentDictionary<int, int>();
    var latencies = new ConcurrentBag<double[]>();
    var prefix = label[..1] + Guid.NewGuid().ToString("N")[..6];
    var clock = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(duration);
    await Task.WhenAll(Enumerable.Range(0, count).Select(async client =>
    {
        var mine = new List<double>();
        for (var i = 0; clock.Elapsed < until; i++)
        {
            var id = withKey ? Invariant($"{prefix}-{client}-{i}") : null;
            mine.Add(await PostAsync(http, body, id, codes, outcomes));
        }

        latencies.Add([.. mine]);
    }));
    return Summarise(codes, latencies.SelectMany(l => l), clock.Elapsed.TotalSeconds);
}

// A fixed offered rate whatever the answers take: the arrival pattern of many independent kiosks and partners.
async Task<Step> OpenLoopAsync(HttpClient http, byte[] body, int rate, double duration, ConcurrentDictionary<string, int> outcomes)
{
    var codes = new ConcurrentDictionary<int, int>();
    var total = (int)(rate * duration);
    var latencies = new double[total];
    var pending = new List<Task>(total);
    var prefix = "o" + Guid.NewGuid().ToString("N")[..6];
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < total; i++)
    {
        var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }

        var n = i;
        pending.Add(Task.Run(async () => latencies[n] = await PostAsync(http, body, Invariant($"{prefix}-{n}"), codes, outcomes)));
    }

    await Task.WhenAll(pending);
    return Summarise(codes, latencies, Stopwatch.GetElapsedTime(start).TotalSeconds);
}

async Task<double> PostAsync(HttpClient http, byte[] body, string? id, ConcurrentDictionary<int, int> codes, ConcurrentDictionary<string, int> outcomes)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/service-requests") { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    if (id is not null)
    {
        request.Headers.Add("Idempotency-Key", id);
    }

    var sent = Stopwatch.GetTimestamp();
    int code;
    var carriesId = false;
    try
    {
        using var response = await http.SendAsync(request);
        code = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        carriesId = id is not null && text.Contains(id, StringComparison.Ordinal);
    }
    catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
    {
        code = 0; // no answer at all
    }

    var elapsed = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
    codes.AddOrUpdate(code, 1, (_, n) => n + 1);
    if (id is not null)
    {
        // The status code, negative when a failure answer carried the request id.
        outcomes[id] = code is >= 200 and < 300 || !carriesId ? code : -code;
    }

    return elapsed;
}

// The same body size on a quorum queue of its own, `outstanding` publishes awaiting their confirms at a time.
async Task<Step> RawAsync(IConnection connection, int size, int outstanding, double duration)
{
    await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
    var body = new byte[size];
    var latencies = new ConcurrentBag<double[]>();
    var clock = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(duration);
    await Task.WhenAll(Enumerable.Range(0, outstanding).Select(async _ =>
    {
        var mine = new List<double>();
        while (clock.Elapsed < until)
        {
            var sent = Stopwatch.GetTimestamp();
            await channel.BasicPublishAsync(string.Empty, RawQueue, mandatory: true, new BasicProperties { DeliveryMode = DeliveryModes.Persistent, ContentType = "application/json" }, body);
            mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }

        latencies.Add([.. mine]);
    }));
    return Summarise(new ConcurrentDictionary<int, int>(), latencies.SelectMany(l => l), clock.Elapsed.TotalSeconds);
}

async Task<int> ReadPublishedBodyAsync(IConnection connection)
{
    await using var channel = await connection.CreateChannelAsync();
    var message = await channel.BasicGetAsync(IntakeTopology.IntakeQueue, autoAck: false) ?? throw new InvalidOperationException("the warm-up published nothing");
    await channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true);
    return message.Body.Length;
}

// Every message id in the intake queue against every keyed request's answer.
async Task<Honesty> CheckAsync(IConnection connection, ConcurrentDictionary<string, int> outcomes)
{
    await using var channel = await connection.CreateChannelAsync();
    var total = await channel.MessageCountAsync(IntakeTopology.IntakeQueue);
    var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
    var read = 0;
    var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var reader = new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(channel);
    reader.ReceivedAsync += (_, delivery) =>
    {
        seen.AddOrUpdate(delivery.BasicProperties.MessageId ?? "", 1, (_, n) => n + 1);
        if (Interlocked.Increment(ref read) >= total)
        {
            all.TrySetResult();
        }

        return Task.CompletedTask;
    };
    await channel.BasicQosAsync(0, 1000, false);
    await channel.BasicConsumeAsync(IntakeTopology.IntakeQueue, autoAck: true, reader);
    if (total > 0)
    {
        await all.Task.WaitAsync(TimeSpan.FromMinutes(5));
    }

    int published = 0, lost = 0, failedButPublished = 0, failedWithId = 0;
    foreach (var (id, code) in outcomes)
    {
        var inQueue = seen.ContainsKey(id);
        published += inQueue ? 1 : 0;
        if (code is >= 200 and < 300)
        {
            lost += inQueue ? 0 : 1;
        }
        else if (inQueue)
        {
            failedButPublished++;
            failedWithId += code < 0 ? 1 : 0;
        }
    }

    return new Honesty(published, lost, failedButPublished, failedWithId, seen.Count(s => s.Value > 1));
}

static Step Summarise(ConcurrentDictionary<int, int> codes, IEnumerable<double> latencies, double elapsed)
{
    var sorted = latencies.Order().ToArray();
    var accepted = codes.IsEmpty ? sorted.Length : codes.Where(c => c.Key is >= 200 and < 300).Sum(c => c.Value);
    var text = string.Join(" ", codes.OrderBy(c => c.Key).Select(c => Invariant($"{(c.Key == 0 ? "none" : c.Key.ToString(CultureInfo.InvariantCulture))}:{c.Value}")));
    return new Step(sorted.Length, accepted / elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.99), text);
}

static string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

// The process' user + system CPU time, from /proc (clock ticks of 1/100 s).
static double CpuSeconds(Process process) => CpuSecondsOf(process.Id);

static double CpuSecondsOf(int pid)
{
    var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

// MariaDB's and RabbitMQ's processes: every one whose command line names this run's folder.
static double ServersCpuSeconds(string runFolder)
{
    var total = 0.0;
    foreach (var directory in Directory.EnumerateDirectories("/proc"))
    {
        try
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(runFolder, StringComparison.Ordinal))
            {
                total += CpuSecondsOf(pid);
            }
        }
        catch (IOException)
        {
            // The process ended meanwhile.
        }
    }

    return total;
}

static async Task<string> BuildApiAsync(string repository)
{
    var project = Path.Combine(repository, "ServiceQueue.Api", "ServiceQueue.Api.csproj");
    using var build = Process.Start(new ProcessStartInfo("dotnet") { ArgumentList = { "build", project, "-c", "Release", "-v", "q", "-nologo" }, UseShellExecute = false, RedirectStandardOutput = true })!;
    var output = await build.StandardOutput.ReadToEndAsync();
    await build.WaitForExitAsync();
    if (build.ExitCode != 0)
    {
        throw new InvalidOperationException("the Api's Release build failed: " + output);
    }

    return Path.Combine(repository, "ServiceQueue.Api", "bin", "Release", "net10.0", "ServiceQueue.Api.dll");
}

// Alive, migrated and publishing: one POST answered 202 (the Api's /health also wants the Broker, which intake does not).
static async Task WaitReadyAsync(HttpClient http, Process process)
{
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < TimeSpan.FromSeconds(120) && !process.HasExited)
    {
        try
        {
            using var content = new StringContent("""{"queue":"BENCH","channel":"kiosk","customer":{"name":"Ready"},"priority":"normal"}""", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/api/v1/service-requests", content);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(500);
    }

    throw new InvalidOperationException("The Api never accepted a request.");
}

static string FindRepository([System.Runtime.CompilerServices.CallerFilePath] string benchFile = "") =>
    Path.GetFullPath(Path.Combine(Path.GetDirectoryName(benchFile)!, "..", ".."));

internal sealed record Step(int Requests, double Rate, double P50, double P99, string Codes);

internal sealed record Honesty(int Published, int Lost, int FailedButPublished, int FailedWithId, int Duplicates);
