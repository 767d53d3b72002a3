using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using RabbitMQ.Client;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.Tests.Infrastructure;
using ServiceQueue.Tests.Security;
using ServiceQueue.Tests.ServiceDefaults;

namespace ServiceQueue.Tests.Consumer;

/// <summary>
/// A real Broker and a real Consumer as child processes, on fixed free ports so either can be killed
/// (SIGKILL) and started again in place, against this test's own RabbitMQ virtual host and Redis key
/// prefix. Tests publish over AMQP and read outcomes through the Broker's gRPC API and the dead queue.
/// </summary>
internal sealed class IntakeRig : IAsyncDisposable
{
    public const string DeadQueue = "servicequeue.intake.dead";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Dictionary<string, string> _brokerEnvironment;
    private readonly Dictionary<string, string> _consumerEnvironment;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly GrpcChannel _grpcChannel;
    private Process? _broker;
    private Process? _consumer;
    private IConnection? _amqp;
    private IChannel? _publisher;

    private IntakeRig(string amqpUri, Dictionary<string, string> broker, Dictionary<string, string> consumer, Uri brokerGrpc, Uri brokerHttp, Uri consumerHttp)
    {
        AmqpUri = amqpUri;
        _brokerEnvironment = broker;
        _consumerEnvironment = consumer;
        BrokerHttp = brokerHttp;
        BrokerGrpc = brokerGrpc;
        ConsumerHttp = consumerHttp;
        _grpcChannel = GrpcChannel.ForAddress(brokerGrpc, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
        Broker = new QueueBroker.QueueBrokerClient(_grpcChannel);
    }

    public string AmqpUri { get; }

    public Uri BrokerHttp { get; }

    /// <summary>The Broker's gRPC address, for other services of a test to follow.</summary>
    public Uri BrokerGrpc { get; }

    public Uri ConsumerHttp { get; }

    public QueueBroker.QueueBrokerClient Broker { get; }

    public string Output => string.Join('\n', _output.TakeLast(200));

    /// <summary>The settings of an Api that publishes into this rig's virtual host and reads its Broker, with <paramref name="more"/> added.</summary>
    public Dictionary<string, string?> ApiSettings(IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = AmqpUri,
            ["services:broker:grpc:0"] = BrokerGrpc.ToString(),
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Opens a ticket's customer envelope with the Consumer's key, as staff-facing services do.</summary>
    public CustomerCard OpenCustomer(Ticket ticket) => CustomerSeal.Open(
        FieldEncryptorTests.EncryptorWith("k1", ("k1", _consumerEnvironment["Security__Encryption__Keys__k1"])),
        ticket.Customer.Span,
        ticket.RequestId);

    /// <param name="amqpUri">The virtual host the test publishes to; a fresh one when null.</param>
    public static async Task<IntakeRig> StartAsync(
        IDictionary<string, string>? consumerSettings = null, IDictionary<string, string>? brokerSettings = null, string? amqpUri = null)
    {
        var servers = await TestServers.GetAsync();
        var amqp = amqpUri ?? await servers.CreateVirtualHostAsync();
        var brokerHttp = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var brokerGrpc = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var consumerHttp = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var broker = new Dictionary<string, string>
        {
            ["ConnectionStrings__redis"] = servers.Redis.ConnectionString,
            ["Broker__KeyPrefix"] = TestServers.CreateKeyPrefix(),
            // The test Redis is shared by every test of a run on a busy machine: slow is not down here.
            ["Broker__OperationTimeout"] = "00:00:15",
            ["Kestrel__Endpoints__http__Url"] = brokerHttp.ToString(),
            ["Kestrel__Endpoints__grpc__Url"] = brokerGrpc.ToString(),
            ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
            ["OTEL_SERVICE_NAME"] = "broker",
        };
        var consumer = new Dictionary<string, string>
        {
            ["ConnectionStrings__rabbitmq"] = amqp,
            ["services__broker__grpc__0"] = brokerGrpc.ToString().TrimEnd('/'),
            ["Kestrel__Endpoints__http__Url"] = consumerHttp.ToString(),
            ["Security__Encryption__ActiveKeyId"] = "k1",
            ["Security__Encryption__Keys__k1"] = TestKeys.New(),
            ["Security__Encryption__BlindIndexKey"] = TestKeys.New(),
            ["Intake__RetryBaseDelay"] = "00:00:00.100",
            ["Intake__RetryMaxDelay"] = "00:00:00.500",
            ["Intake__BrokerDeadline"] = "00:00:02",
            ["OTEL_SERVICE_NAME"] = "consumer",
        };
        foreach (var (key, value) in consumerSettings ?? new Dictionary<string, string>())
        {
            consumer[key] = value;
        }

        foreach (var (key, value) in brokerSettings ?? new Dictionary<string, string>())
        {
            broker[key] = value;
        }

        var rig = new IntakeRig(amqp, broker, consumer, brokerGrpc, brokerHttp, consumerHttp);
        await rig.StartBrokerAsync();
        await rig.StartConsumerAsync();
        return rig;
    }

    public async Task StartBrokerAsync()
    {
        _broker = Launch(new Projects.ServiceQueue_Broker(), _brokerEnvironment, "broker");
        await WaitHealthyAsync(BrokerHttp, _broker, "Broker");
    }

    public async Task StartConsumerAsync()
    {
        LaunchConsumer();
        await WaitConsumerHealthyAsync();
    }

    /// <summary>Starts the Consumer without waiting for it to be ready (for tests of a start while a dependency is down).</summary>
    public void LaunchConsumer() => _consumer = Launch(new Projects.ServiceQueue_Consumer(), _consumerEnvironment, "consumer");

    public Task WaitConsumerHealthyAsync() =>
        WaitHealthyAsync(ConsumerHttp, _consumer ?? throw new InvalidOperationException("the Consumer is not running"), "Consumer");

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillBrokerAsync() => await KillAsync(_broker);

    public async Task KillConsumerAsync() => await KillAsync(_consumer);

    /// <summary>SIGTERM, as Kubernetes stops a pod; returns how long the Consumer took to exit and its exit code.</summary>
    public async Task<(TimeSpan Took, int ExitCode)> TerminateConsumerAsync(TimeSpan within)
    {
        var consumer = _consumer ?? throw new InvalidOperationException("the Consumer is not running");
        var started = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", consumer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(within);
        await consumer.WaitForExitAsync(timeout.Token);
        return (started.Elapsed, consumer.ExitCode);
    }

    public bool ConsumerIsRunning => _consumer is { HasExited: false };

    /// <param name="branch">The queue's branch; the default branch when null.</param>
    public Task<string> UpsertQueueAsync(string code, bool open = true, int maxSize = 0, string? branch = null) =>
        Broker.DefineQueueAsync(code, definition =>
        {
            definition.Branch = branch ?? string.Empty;
            definition.Open = open;
            definition.MaxSize = maxSize;
            definition.RecallLimit = 2;
            definition.RecallMinInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(20));
        });

    public async Task<Ticket?> GetTicketAsync(string requestId)
    {
        try
        {
            var response = await Broker.GetTicketAsync(new GetTicketRequest { RequestId = requestId }, deadline: BrokerCalls.Deadline());
            return response.Ticket;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The whole queue, read page by page (GetQueue answers at most 500 waiting tickets at a time); of the default branch when <paramref name="branch"/> is null.</summary>
    public async Task<GetQueueResponse> GetQueueAsync(string code, string? branch = null)
    {
        var whole = await Broker.GetQueueAsync(new GetQueueRequest { Code = code, Branch = branch ?? string.Empty, PageSize = 500 }, deadline: BrokerCalls.Deadline());
        while (whole.Waiting.Count < whole.WaitingTotal)
        {
            var page = await Broker.GetQueueAsync(
                new GetQueueRequest { Code = code, Branch = branch ?? string.Empty, PageSize = 500, Offset = whole.Waiting.Count }, deadline: BrokerCalls.Deadline());
            if (page.Waiting.Count == 0)
            {
                break;
            }

            whole.Waiting.AddRange(page.Waiting);
        }

        return whole;
    }

    public async Task<IConnection> AmqpAsync()
    {
        return _amqp ??= await new ConnectionFactory { Uri = new Uri(AmqpUri), ClientProvidedName = "intake-test" }.CreateConnectionAsync();
    }

    /// <summary>Publishes as a producer should: persistent, with a publisher confirm.</summary>
    public async Task PublishAsync(ReadOnlyMemory<byte> body, string? messageId, string routingKey = "request.GEN")
    {
        _publisher ??= await (await AmqpAsync()).CreateChannelAsync(new CreateChannelOptions(true, true));
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId,
            Type = "ServiceRequested",
        };
        await _publisher.BasicPublishAsync("servicequeue.requests", routingKey, mandatory: true, properties, body);
    }

    public Task PublishAsync(object request, string routingKey = "request.GEN") =>
        PublishAsync(JsonSerializer.SerializeToUtf8Bytes(request), (string?)request.GetType().GetProperty("requestId")?.GetValue(request), routingKey);

    /// <summary>A queue of the test's own bound to <c>request.rejected</c>, declared before anything is rejected.</summary>
    public async Task<IChannel> FollowRejectionsAsync(string queueName)
    {
        var channel = await (await AmqpAsync()).CreateChannelAsync();
        await channel.ExchangeDeclareAsync("servicequeue.events", ExchangeType.Topic, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queueName, durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queueName, "servicequeue.events", "request.rejected");
        return channel;
    }

    public static string Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers?.TryGetValue(name, out var value) == true && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : string.Empty;

    public static object Request(string requestId, string queue = "GEN", string priority = "normal", DateTimeOffset? requestedAt = null, string? notes = null) => new
    {
        requestId,
        queue,
        channel = "kiosk",
        // A customer per request, so bulk tests stay under the open-tickets limit.
        customer = new { name = "Ana Souza", document = $"DOC-{requestId}", phone = "+55 11 99999-0000" },
        priority,
        priorityReason = priority == "priority" ? "elderly" : null,
        requestedAt = requestedAt ?? DateTimeOffset.UtcNow,
        notes,
    };

    public async ValueTask DisposeAsync()
    {
        await KillAsync(_consumer);
        await KillAsync(_broker);
        if (_amqp is not null)
        {
            await _amqp.CloseAsync();
            _amqp.Dispose();
        }

        _grpcChannel.Dispose();
    }


    private static async Task KillAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private Process Launch(IProjectMetadata project, Dictionary<string, string> environment, string name)
    {
        var process = ServiceProcess.Start(project, environment);
        _ = PumpAsync(process.StandardOutput, name);
        _ = PumpAsync(process.StandardError, name);
        return process;
    }

    // Children write logs to pipes: reading them keeps the pipes from filling and blocking the service.
    private async Task PumpAsync(StreamReader reader, string name)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            _output.Enqueue($"{name}: {line}");
            if (_output.Count > 2000)
            {
                _output.TryDequeue(out _);
            }
        }
    }

    private async Task WaitHealthyAsync(Uri address, Process process, string name)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"The {name} did not become healthy.\n{Output}");
    }
}
