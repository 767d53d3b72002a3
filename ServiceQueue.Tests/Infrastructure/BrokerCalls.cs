using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// The Broker's gRPC API as the other services and an attendant's or supervisor's front-end use it,
/// for every test that drives a real Broker: queues defined, requests enqueued, tickets moved along.
/// </summary>
internal static class BrokerCalls
{
    // Reads and request-id keyed enqueues may be retried; commands that move a ticket may not.
    private static readonly GrpcCallOptions Idempotent = new() { Timeout = TimeSpan.FromSeconds(30), IsIdempotent = true };
    private static readonly GrpcCallOptions Command = Idempotent with { IsIdempotent = false };

    public static string NewQueueCode() => TestServers.UniqueName("Q")[..12].ToUpperInvariant().Replace('_', '-');

    /// <summary>
    /// Defines an open queue (a fresh code unless <paramref name="code"/> is given), as <paramref name="change"/>
    /// adjusts it, and returns its code.
    /// </summary>
    public static async Task<string> DefineQueueAsync(this GrpcClient broker, string? code = null, Action<QueueDefinition>? change = null)
    {
        code ??= NewQueueCode();
        var definition = new QueueDefinition
        {
            Code = code,
            Name = $"Queue {code}",
            NumberPrefix = code[..1],
            Open = true,
            PriorityRun = 2,
            SlaTarget = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)),
            RecallLimit = 3,
            RecallMinInterval = Duration.FromTimeSpan(TimeSpan.Zero),
            TimeZone = "UTC",
        };
        change?.Invoke(definition);
        await broker.UnaryAsync<UpsertQueueRequest, UpsertQueueResponse>(
            BrokerChannel.Method("UpsertQueue"), new UpsertQueueRequest { Definition = definition }, Idempotent);
        return code;
    }

    /// <summary>Enqueues <paramref name="requestId"/> with <paramref name="customer"/> as its opaque customer envelope.</summary>
    public static async Task<Ticket> EnqueueAsync(this GrpcClient broker, string queue, string requestId, byte[]? customer = null) =>
        (await broker.UnaryAsync<EnqueueRequest, EnqueueResponse>(BrokerChannel.Method("Enqueue"), new EnqueueRequest
        {
            RequestId = requestId,
            Queue = queue,
            Channel = Channel.Kiosk,
            Customer = ByteString.CopyFrom(customer ?? [1, 2, 3]),
        }, Idempotent)).Ticket;

    /// <summary>Enqueues a new request whose customer is sealed as the Consumer seals it (JSON, bound to the request id).</summary>
    public static Task<Ticket> EnqueueAsync(this GrpcClient broker, string queue, FieldEncryptor encryptor, string customerName = "Maria Example")
    {
        var requestId = Guid.NewGuid().ToString("N");
        var customer = encryptor.Encrypt(JsonSerializer.SerializeToUtf8Bytes(new { name = customerName }), Encoding.UTF8.GetBytes(requestId));
        return broker.EnqueueAsync(queue, requestId, customer);
    }

    public static Task<GetQueueResponse> GetQueueAsync(this GrpcClient broker, string queue) =>
        broker.UnaryAsync<GetQueueRequest, GetQueueResponse>(BrokerChannel.Method("GetQueue"), new GetQueueRequest { Code = queue }, Idempotent);

    public static async Task<Ticket?> CallNextAsync(this GrpcClient broker, string queue, string attendant, string desk) =>
        (await broker.UnaryAsync<CallNextRequest, CallNextResponse>(
            BrokerChannel.Method("CallNext"), new CallNextRequest { Queue = queue, Attendant = attendant, Desk = desk }, Command)).Ticket;

    public static Task<Ticket> CallTicketAsync(this GrpcClient broker, string ticketId, string attendant, string desk) =>
        TicketCommandAsync(broker, "CallTicket", new CallTicketRequest { TicketId = ticketId, Attendant = attendant, Desk = desk });

    public static Task<Ticket> StartServiceAsync(this GrpcClient broker, string ticketId, string attendant) =>
        TicketCommandAsync(broker, "StartService", new StartServiceRequest { TicketId = ticketId, Attendant = attendant });

    public static Task<Ticket> CompleteAsync(this GrpcClient broker, string ticketId, string attendant) =>
        TicketCommandAsync(broker, "Complete", new CompleteRequest { TicketId = ticketId, Attendant = attendant, Outcome = "served" });

    public static Task<Ticket> NoShowAsync(this GrpcClient broker, string ticketId, string attendant) =>
        TicketCommandAsync(broker, "MarkNoShow", new MarkNoShowRequest { TicketId = ticketId, Attendant = attendant });

    public static Task<Ticket> TransferAsync(this GrpcClient broker, string ticketId, string target, string actor) =>
        TicketCommandAsync(broker, "Transfer", new TransferRequest { TicketId = ticketId, TargetQueue = target, Actor = actor });

    public static Task<Ticket> MoveAsync(this GrpcClient broker, string ticketId, int position, string actor) =>
        TicketCommandAsync(broker, "Move", new MoveRequest { TicketId = ticketId, Position = position, Actor = actor });

    public static Task<Ticket> ParkAsync(this GrpcClient broker, string ticketId, string actor) =>
        TicketCommandAsync(broker, "Park", new ParkRequest { TicketId = ticketId, Actor = actor });

    public static Task<Ticket> RemoveAsync(this GrpcClient broker, string ticketId, string reason, string actor) =>
        TicketCommandAsync(broker, "Remove", new RemoveRequest { TicketId = ticketId, Reason = reason, Actor = actor });

    /// <summary>Enqueue, call, serve and complete one ticket.</summary>
    public static async Task<Ticket> ServeAsync(this GrpcClient broker, string queue, string requestId, string attendant, string desk)
    {
        var ticket = await broker.EnqueueAsync(queue, requestId);
        await broker.CallTicketAsync(ticket.Id, attendant, desk);
        await broker.StartServiceAsync(ticket.Id, attendant);
        return await broker.CompleteAsync(ticket.Id, attendant);
    }

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

    private static async Task<Ticket> TicketCommandAsync<TRequest>(GrpcClient broker, string method, TRequest request)
        where TRequest : class, IMessage<TRequest> =>
        (await broker.UnaryAsync<TRequest, TicketResponse>(BrokerChannel.Method(method), request, Command)).Ticket;
}
