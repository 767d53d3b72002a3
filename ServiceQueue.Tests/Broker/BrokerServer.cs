using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Infrastructure;
using ServiceQueue.Tests.ServiceDefaults;

namespace ServiceQueue.Tests.Broker;

/// <summary>
/// The real Broker as a child process (`dotnet ServiceQueue.Broker.dll`), configured only through the
/// environment contracts.md names, listening on 127.0.0.1 port 0: `http` (HTTP/1.1) and `grpc` (HTTP/2).
/// </summary>
internal sealed class BrokerServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly List<HttpClient> _clients = [];
    private readonly List<GrpcChannel> _channels = [];

    private BrokerServer(Process process, ConcurrentQueue<string> output, Uri http, Uri grpc, string keyPrefix)
    {
        _process = process;
        _output = output;
        HttpAddress = http;
        GrpcAddress = grpc;
        KeyPrefix = keyPrefix;
    }

    public Uri HttpAddress { get; }

    public Uri GrpcAddress { get; }

    public string KeyPrefix { get; }

    /// <summary>What the Broker printed, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public static async Task<BrokerServer> StartAsync(string? redisConnectionString = null, IDictionary<string, string>? settings = null)
    {
        redisConnectionString ??= (await TestServers.GetAsync()).Redis.ConnectionString;
        var keyPrefix = TestServers.CreateKeyPrefix();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__redis"] = redisConnectionString,
            ["Broker__KeyPrefix"] = keyPrefix,
            // The test Redis is shared by every test of a run on a busy machine: slow is not down here.
            ["Broker__OperationTimeout"] = "00:00:15",
            ["Kestrel__Endpoints__http__Url"] = "http://127.0.0.1:0",
            ["Kestrel__Endpoints__grpc__Url"] = "http://127.0.0.1:0",
            ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
            ["Logging__Console__FormatterName"] = "json",
            ["OTEL_SERVICE_NAME"] = "broker",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = ServiceProcess.Start(environment);
        var output = new ConcurrentQueue<string>();
        var addresses = Channel();
        _ = PumpAsync(process.StandardOutput, output, addresses);
        _ = PumpAsync(process.StandardError, output, null);
        try
        {
            // Gives up at once if the process exits (a start-up failure prints one line and exits 2).
            using var timeout = new CancellationTokenSource(StartTimeout);
            _ = process.WaitForExitAsync(CancellationToken.None).ContinueWith(
                _ =>
                {
                    try
                    {
                        timeout.Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                        // Started long ago; this is the test's own stop.
                    }
                },
                TaskScheduler.Default);
            var first = await addresses.Reader.ReadAsync(timeout.Token);
            var second = await addresses.Reader.ReadAsync(timeout.Token);

            // The HTTP/1.1 endpoint answers /alive over HTTP/1.1; the Http2-only one refuses it.
            var (http, grpc) = await AnswersHttp1Async(first) ? (first, second) : (second, first);
            var server = new BrokerServer(process, output, http, grpc, keyPrefix);
            await server.WaitUntilReadyAsync(timeout.Token);
            return server;
        }
        catch (Exception ex)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The Broker did not start: {ex.Message}\n{string.Join('\n', output)}", ex);
        }
    }

    /// <summary>
    /// The generated client on the Broker's grpc endpoint, over a plain channel: no retries, so a test sees
    /// every status the Broker answers; calls set their own deadlines (<see cref="Infrastructure.BrokerCalls.Deadline"/>).
    /// </summary>
    public QueueBroker.QueueBrokerClient CreateClient() => new(CreateChannel());

    /// <summary>The standard grpc.health.v1 client on the same endpoint.</summary>
    public Health.HealthClient CreateHealthClient() => new(CreateChannel());

    public HttpClient CreateHttpClient()
    {
        var http = new HttpClient { BaseAddress = HttpAddress };
        _clients.Add(http);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private GrpcChannel CreateChannel()
    {
        var channel = GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
        lock (_channels)
        {
            _channels.Add(channel);
        }

        return channel;
    }

    private static System.Threading.Channels.Channel<Uri> Channel() => System.Threading.Channels.Channel.CreateUnbounded<Uri>();

    private static async Task PumpAsync(StreamReader reader, ConcurrentQueue<string> output, System.Threading.Channels.Channel<Uri>? addresses)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            output.Enqueue(line);
            if (addresses is null || !line.StartsWith('{'))
            {
                continue;
            }

            using var entry = JsonDocument.Parse(line);
            if (entry.RootElement.TryGetProperty("State", out var state) && state.TryGetProperty("address", out var address))
            {
                addresses.Writer.TryWrite(new Uri(address.GetString()!));
            }
        }
    }

    private static async Task<bool> AnswersHttp1Async(Uri address)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync("/alive");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = HttpAddress };
        while (true)
        {
            using var response = await client.GetAsync("/health", cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
