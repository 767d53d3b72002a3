using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Grpc;

namespace ServiceQueue.Tests.Api;

/// <summary>The Broker operations the history tests drive, as an attendant's or supervisor's front-end would.</summary>
internal sealed class BrokerCalls(GrpcClient client)
{
    private const string Service = "/servicequeue.broker.v1.QueueBroker/";

    public Task<UpsertQueueResponse> DefineAsync(string code) =>
        CallAsync<UpsertQueueRequest, UpsertQueueResponse>("UpsertQueue", new UpsertQueueRequest
        {
            Definition = new QueueDefinition
            {
                Code = code,
                Name = $"Queue {code}",
                NumberPrefix = code[..1],
                Open = true,
                PriorityRun = 2,
                SlaTarget = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)),
                RecallLimit = 5,
                TimeZone = "UTC",
            },
        });

    public async Task<Ticket> EnqueueAsync(string queue, string requestId, byte[]? customer = null) =>
        (await CallAsync<EnqueueRequest, EnqueueResponse>("Enqueue", new EnqueueRequest
        {
            RequestId = requestId,
            Queue = queue,
            Channel = Channel.Kiosk,
            Customer = ByteString.CopyFrom(customer ?? [1, 2, 3]),
        })).Ticket;

    public async Task<Ticket?> CallNextAsync(string queue, string attendant, string desk) =>
        (await CallAsync<CallNextRequest, CallNextResponse>("CallNext", new CallNextRequest { Queue = queue, Attendant = attendant, Desk = desk })).Ticket;

    public async Task<Ticket> StartAsync(string ticketId, string attendant) =>
        (await CallAsync<StartServiceRequest, TicketResponse>("StartService", new StartServiceRequest { TicketId = ticketId, Attendant = attendant })).Ticket;

    public async Task<Ticket> CompleteAsync(string ticketId, string attendant) =>
        (await CallAsync<CompleteRequest, TicketResponse>("Complete", new CompleteRequest { TicketId = ticketId, Attendant = attendant, Outcome = "served" })).Ticket;

    public async Task<Ticket> NoShowAsync(string ticketId, string attendant) =>
        (await CallAsync<MarkNoShowRequest, TicketResponse>("MarkNoShow", new MarkNoShowRequest { TicketId = ticketId, Attendant = attendant })).Ticket;

    public async Task<Ticket> TransferAsync(string ticketId, string target, string actor) =>
        (await CallAsync<TransferRequest, TicketResponse>("Transfer", new TransferRequest { TicketId = ticketId, TargetQueue = target, Actor = actor })).Ticket;

    public async Task<Ticket> MoveAsync(string ticketId, int position, string actor) =>
        (await CallAsync<MoveRequest, TicketResponse>("Move", new MoveRequest { TicketId = ticketId, Position = position, Actor = actor })).Ticket;

    public async Task<Ticket> RemoveAsync(string ticketId, string reason, string actor) =>
        (await CallAsync<RemoveRequest, TicketResponse>("Remove", new RemoveRequest { TicketId = ticketId, Reason = reason, Actor = actor })).Ticket;

    /// <summary>Enqueue, call, serve and complete one ticket.</summary>
    public async Task<Ticket> ServeAsync(string queue, string requestId, string attendant, string desk)
    {
        var ticket = await EnqueueAsync(queue, requestId);
        var called = await CallTicketAsync(ticket.Id, attendant, desk);
        await StartAsync(called.Id, attendant);
        return await CompleteAsync(called.Id, attendant);
    }

    public async Task<Ticket> CallTicketAsync(string ticketId, string attendant, string desk) =>
        (await CallAsync<CallTicketRequest, TicketResponse>("CallTicket", new CallTicketRequest { TicketId = ticketId, Attendant = attendant, Desk = desk })).Ticket;

    private Task<TResponse> CallAsync<TRequest, TResponse>(string method, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new() =>
        client.UnaryAsync<TRequest, TResponse>(Service + method, request, new GrpcCallOptions { Timeout = TimeSpan.FromSeconds(30) });
}
