using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// The Broker's gRPC API as the other services and an attendant's or supervisor's front-end use it,
/// for every test that drives a real Broker: queues defined, requests enqueued, tickets moved along.
/// </summary>
internal static class BrokerCalls
{
    // Generous: the test Redis is shared by every test of a run on a busy machine.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The deadline of a test's unary call.</summary>
    public static DateTime Deadline() => DateTime.UtcNow + CallTimeout;

    public static string NewQueueCode() => TestServers.UniqueName("Q")[..12].ToUpperInvariant().Replace('_', '-');

    /// <summary>
    /// Defines an open queue (a fresh code unless <paramref name="code"/> is given), as <paramref name="change"/>
    /// adjusts it, and returns its code.
    /// </summary>
    public static async Task<string> DefineQueueAsync(this QueueBroker.QueueBrokerClient broker, string? code = null, Action<QueueDefinition>? change = null)
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
        await broker.UpsertQueueAsync(new UpsertQueueRequest { Definition = definition }, deadline: Deadline());
        return code;
    }

    /// <summary>Enqueues <paramref name="requestId"/> with <paramref name="customer"/> as its opaque customer envelope.</summary>
    public static async Task<Ticket> EnqueueAsync(this QueueBroker.QueueBrokerClient broker, string queue, string requestId, byte[]? customer = null) =>
        (await broker.EnqueueAsync(new EnqueueRequest
        {
            RequestId = requestId,
            Queue = queue,
            Channel = Channel.Kiosk,
            Customer = Google.Protobuf.ByteString.CopyFrom(customer ?? [1, 2, 3]),
        }, deadline: Deadline())).Ticket;

    /// <summary>Enqueues a new request whose customer is sealed as the Consumer seals it (JSON, bound to the request id).</summary>
    public static Task<Ticket> EnqueueAsync(this QueueBroker.QueueBrokerClient broker, string queue, FieldEncryptor encryptor, string customerName = "Maria Example")
    {
        var requestId = Guid.NewGuid().ToString("N");
        var customer = encryptor.Encrypt(JsonSerializer.SerializeToUtf8Bytes(new { name = customerName }), Encoding.UTF8.GetBytes(requestId));
        return broker.EnqueueAsync(queue, requestId, customer);
    }

    public static Task<GetQueueResponse> GetQueueAsync(this QueueBroker.QueueBrokerClient broker, string queue) =>
        broker.GetQueueAsync(new GetQueueRequest { Code = queue }, deadline: Deadline()).ResponseAsync;

    public static async Task<Ticket?> CallNextAsync(this QueueBroker.QueueBrokerClient broker, string queue, string attendant, string desk) =>
        (await broker.CallNextAsync(new CallNextRequest { Queue = queue, Attendant = attendant, Desk = desk }, deadline: Deadline())).Ticket;

    public static Task<Ticket> CallTicketAsync(this QueueBroker.QueueBrokerClient broker, string ticketId, string attendant, string desk) =>
        TicketOf(broker.CallTicketAsync(new CallTicketRequest { TicketId = ticketId, Attendant = attendant, Desk = desk }, deadline: Deadline()));

    public static Task<Ticket> StartServiceAsync(this QueueBroker.QueueBrokerClient broker, string ticketId, string attendant) =>
        TicketOf(broker.StartServiceAsync(new StartServiceRequest { TicketId = ticketId, Attendant = attendant }, deadline: Deadline()));

    public static Task<Ticket> CompleteAsync(this QueueBroker.QueueBrokerClient broker, string ticketId, string attendant, string outcome = "served") =>
        TicketOf(broker.CompleteAsync(new CompleteRequest { TicketId = ticketId, Attendant = attendant, Outcome = outcome }, deadline: Deadline()));

    public static Task<Ticket> NoShowAsync(this QueueBroker.QueueBrokerClient broker, string ticketId, string attendant) =>
        TicketOf(broker.MarkNoShowAsync(new MarkNoShowRequest { TicketId = ticketId, Attendant = attendant }, deadline: Deadline()));

    public static Task<Ticket> TransferAsync(this QueueBroker.QueueBrokerClient broker, string ticketId, string target, string actor) =>
        TicketOf(broker.TransferAsync(new TransferRequest { TicketId = ticketId, TargetQueue = target, Actor = actor }, deadline: Deadline()));

    public static Task<Ticket> MoveAsync(this QueueBroker.QueueBrokerClient broker, string ticketId, int position, string actor) =>
        TicketOf(broker.MoveAsync(new MoveRequest { TicketId = ticketId, Position = position, Actor = actor }, deadline: Deadline()));

    public static Task<Ticket> ParkAsync(this QueueBroker.QueueBrokerClient broker, string ticketId, string actor) =>
        TicketOf(broker.ParkAsync(new ParkRequest { TicketId = ticketId, Actor = actor }, deadline: Deadline()));

    public static Task<Ticket> RemoveAsync(this QueueBroker.QueueBrokerClient broker, string ticketId, string reason, string actor) =>
        TicketOf(broker.RemoveAsync(new RemoveRequest { TicketId = ticketId, Reason = reason, Actor = actor }, deadline: Deadline()));

    /// <summary>Enqueue, call, serve and complete one ticket.</summary>
    public static async Task<Ticket> ServeAsync(this QueueBroker.QueueBrokerClient broker, string queue, string requestId, string attendant, string desk)
    {
        var ticket = await broker.EnqueueAsync(queue, requestId);
        await broker.CallTicketAsync(ticket.Id, attendant, desk);
        await broker.StartServiceAsync(ticket.Id, attendant);
        return await broker.CompleteAsync(ticket.Id, attendant);
    }

    /// <summary>The Broker's own record: every event of <paramref name="queue"/> after <paramref name="after"/> up to <paramref name="until"/>.</summary>
    public static async Task<List<QueueEvent>> EventsAsync(this QueueBroker.QueueBrokerClient broker, string queue, ulong after, ulong until)
    {
        var events = new List<QueueEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = broker.Watch(new WatchRequest { After = after, Queues = { queue } }, cancellationToken: timeout.Token);
        await foreach (var item in call.ResponseStream.ReadAllAsync(timeout.Token))
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

    private static async Task<Ticket> TicketOf(AsyncUnaryCall<TicketResponse> call) => (await call).Ticket;
}
