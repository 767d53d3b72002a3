using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>The Broker as the other services use it: queues defined, requests enqueued with sealed customer data.</summary>
internal static class BrokerCalls
{
    private static readonly GrpcCallOptions Options = new() { Timeout = TimeSpan.FromSeconds(30), IsIdempotent = true };

    public static string NewQueueCode() => TestServers.UniqueName("Q")[..12].ToUpperInvariant().Replace('_', '-');

    public static async Task<string> DefineQueueAsync(this GrpcClient broker, string? code = null)
    {
        code ??= NewQueueCode();
        await broker.UnaryAsync<UpsertQueueRequest, UpsertQueueResponse>(BrokerChannel.Method("UpsertQueue"), new UpsertQueueRequest
        {
            Definition = new QueueDefinition
            {
                Code = code,
                Name = $"Queue {code}",
                NumberPrefix = "A",
                Open = true,
                PriorityRun = 2,
                RecallLimit = 3,
                RecallMinInterval = Duration.FromTimeSpan(TimeSpan.Zero),
                TimeZone = "UTC",
            },
        }, Options);
        return code;
    }

    /// <summary>Enqueues a request whose customer is sealed as the Consumer seals it (JSON, bound to the request id).</summary>
    public static async Task<Ticket> EnqueueAsync(this GrpcClient broker, string queue, FieldEncryptor encryptor, string customerName = "Maria Example")
    {
        var requestId = Guid.NewGuid().ToString("N");
        var customer = encryptor.Encrypt(JsonSerializer.SerializeToUtf8Bytes(new { name = customerName }), Encoding.UTF8.GetBytes(requestId));
        var response = await broker.UnaryAsync<EnqueueRequest, EnqueueResponse>(BrokerChannel.Method("Enqueue"), new EnqueueRequest
        {
            RequestId = requestId,
            Queue = queue,
            Channel = Channel.Kiosk,
            Customer = ByteString.CopyFrom(customer),
        }, Options);
        return response.Ticket;
    }

    public static Task<GetQueueResponse> GetQueueAsync(this GrpcClient broker, string queue) =>
        broker.UnaryAsync<GetQueueRequest, GetQueueResponse>(BrokerChannel.Method("GetQueue"), new GetQueueRequest { Code = queue }, Options);

    public static async Task<Ticket?> CallNextAsync(this GrpcClient broker, string queue, string attendant, string desk) =>
        (await broker.UnaryAsync<CallNextRequest, CallNextResponse>(
            BrokerChannel.Method("CallNext"), new CallNextRequest { Queue = queue, Attendant = attendant, Desk = desk }, Options with { IsIdempotent = false })).Ticket;

    public static Task<TicketResponse> CompleteAsync(this GrpcClient broker, string ticketId, string attendant) =>
        broker.UnaryAsync<CompleteRequest, TicketResponse>(
            BrokerChannel.Method("Complete"), new CompleteRequest { TicketId = ticketId, Attendant = attendant, Outcome = "served" }, Options with { IsIdempotent = false });

    public static Task<TicketResponse> StartServiceAsync(this GrpcClient broker, string ticketId, string attendant) =>
        broker.UnaryAsync<StartServiceRequest, TicketResponse>(
            BrokerChannel.Method("StartService"), new StartServiceRequest { TicketId = ticketId, Attendant = attendant }, Options with { IsIdempotent = false });

    /// <summary>The Broker's own record: every event of <paramref name="queue"/> after <paramref name="after"/> up to <paramref name="until"/>.</summary>
    public static async Task<List<QueueEvent>> EventsAsync(this GrpcClient broker, string queue, ulong after, ulong until)
    {
        var events = new List<QueueEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var item in broker.ServerStreamingAsync<WatchRequest, WatchResponse>(
            BrokerChannel.Method("Watch"), new WatchRequest { After = after, Queues = { queue } }, new GrpcCallOptions { Timeout = Timeout.InfiniteTimeSpan }, timeout.Token))
        {
            if (item.Event is { } e)
            {
                events.Add(e);
            }

            if ((item.Event?.Cursor ?? item.Heartbeat?.Cursor ?? 0) >= until)
            {
                break;
            }
        }

        return events;
    }
}
