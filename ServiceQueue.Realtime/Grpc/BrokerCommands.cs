using Google.Protobuf;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.Options;
using ServiceQueue.ServiceDefaults.Grpc;

namespace ServiceQueue.Realtime.Grpc;

/// <summary>The Broker's methods the hubs use, each with a deadline; failures come back as hub errors.</summary>
internal sealed partial class BrokerCommands(BrokerChannel broker, IOptions<RealtimeOptions> options, ILogger<BrokerCommands> logger)
{
    public Task<GetQueueResponse> GetQueueAsync(string code, CancellationToken cancellationToken) =>
        CallAsync<GetQueueRequest, GetQueueResponse>("GetQueue", new() { Code = code }, idempotent: true, cancellationToken);

    public Task<ListQueuesResponse> ListQueuesAsync(CancellationToken cancellationToken) =>
        CallAsync<ListQueuesRequest, ListQueuesResponse>("ListQueues", new(), idempotent: true, cancellationToken);

    public Task<GetTicketResponse> GetTicketAsync(string ticketId, CancellationToken cancellationToken) =>
        CallAsync<GetTicketRequest, GetTicketResponse>("GetTicket", new() { TicketId = ticketId }, idempotent: true, cancellationToken);

    public Task<CallNextResponse> CallNextAsync(CallNextRequest request, CancellationToken cancellationToken) =>
        CallAsync<CallNextRequest, CallNextResponse>("CallNext", request, idempotent: false, cancellationToken);

    public Task<TicketResponse> CallTicketAsync(CallTicketRequest request, CancellationToken cancellationToken) => TicketAsync("CallTicket", request, cancellationToken);

    public Task<TicketResponse> RecallAsync(RecallRequest request, CancellationToken cancellationToken) => TicketAsync("Recall", request, cancellationToken);

    public Task<TicketResponse> StartServiceAsync(StartServiceRequest request, CancellationToken cancellationToken) => TicketAsync("StartService", request, cancellationToken);

    public Task<TicketResponse> CompleteAsync(CompleteRequest request, CancellationToken cancellationToken) => TicketAsync("Complete", request, cancellationToken);

    public Task<TicketResponse> MarkNoShowAsync(MarkNoShowRequest request, CancellationToken cancellationToken) => TicketAsync("MarkNoShow", request, cancellationToken);

    public Task<TicketResponse> ParkAsync(ParkRequest request, CancellationToken cancellationToken) => TicketAsync("Park", request, cancellationToken);

    public Task<TicketResponse> ResumeAsync(ResumeRequest request, CancellationToken cancellationToken) => TicketAsync("Resume", request, cancellationToken);

    public Task<TicketResponse> TransferAsync(TransferRequest request, CancellationToken cancellationToken) => TicketAsync("Transfer", request, cancellationToken);

    public Task<TicketResponse> MoveAsync(MoveRequest request, CancellationToken cancellationToken) => TicketAsync("Move", request, cancellationToken);

    public Task<TicketResponse> RemoveAsync(RemoveRequest request, CancellationToken cancellationToken) => TicketAsync("Remove", request, cancellationToken);

    private Task<TicketResponse> TicketAsync<TRequest>(string method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest> =>
        CallAsync<TRequest, TicketResponse>(method, request, idempotent: false, cancellationToken);

    private async Task<TResponse> CallAsync<TRequest, TResponse>(string method, TRequest request, bool idempotent, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        try
        {
            return await broker.Grpc.UnaryAsync<TRequest, TResponse>(
                BrokerChannel.Method(method),
                request,
                new GrpcCallOptions { Timeout = options.Value.BrokerDeadline, IsIdempotent = idempotent },
                cancellationToken);
        }
        catch (RpcException error)
        {
            LogRefused(logger, method, error.StatusCode);
            throw BrokerErrors.ToHubException(error);
        }
        catch (HttpRequestException)
        {
            LogRefused(logger, method, StatusCode.Unavailable);
            throw BrokerErrors.Unavailable();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "The Broker answered {Method} with {StatusCode}")]
    private static partial void LogRefused(ILogger logger, string method, StatusCode statusCode);
}
