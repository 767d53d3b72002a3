using Google.Protobuf.WellKnownTypes;
using ServiceQueue.Api.Model;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Grpc;

namespace ServiceQueue.Api.Grpc;

/// <summary>
/// The Broker calls the Api makes, each with a deadline. Transport failures become
/// <see cref="BrokerUnavailableException"/>; NOT_FOUND becomes null.
/// </summary>
internal sealed class BrokerQueues(BrokerChannel broker)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public Task UpsertAsync(QueueSettings settings, CancellationToken cancellationToken) =>
        CallAsync<UpsertQueueRequest, UpsertQueueResponse>("UpsertQueue", new UpsertQueueRequest { Definition = ToProto(settings) }, cancellationToken);

    public async Task<IReadOnlyList<QueueSummary>> ListAsync(CancellationToken cancellationToken) =>
        (await CallAsync<ListQueuesRequest, ListQueuesResponse>("ListQueues", new ListQueuesRequest(), cancellationToken))!.Queues;

    public Task<GetQueueResponse?> GetQueueAsync(string code, CancellationToken cancellationToken) =>
        CallAsync<GetQueueRequest, GetQueueResponse>("GetQueue", new GetQueueRequest { Code = code }, cancellationToken);

    public Task<GetTicketResponse?> GetTicketByRequestAsync(string requestId, CancellationToken cancellationToken) =>
        CallAsync<GetTicketRequest, GetTicketResponse>("GetTicket", new GetTicketRequest { RequestId = requestId }, cancellationToken);

    public static QueueDefinition ToProto(QueueSettings settings) => new()
    {
        Code = settings.Code,
        Name = settings.Name,
        NumberPrefix = settings.NumberPrefix,
        Open = settings.Open,
        MaxSize = settings.MaxSize,
        PriorityRun = settings.PriorityRun,
        MaxWait = Duration.FromTimeSpan(TimeSpan.FromSeconds(settings.MaxWaitSeconds)),
        SlaTarget = Duration.FromTimeSpan(TimeSpan.FromSeconds(settings.SlaSeconds)),
        RecallLimit = settings.RecallLimit,
        RecallMinInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(settings.RecallMinIntervalSeconds)),
        TimeZone = settings.TimeZone,
    };

    private async Task<TResponse?> CallAsync<TRequest, TResponse>(string method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse>, new()
    {
        try
        {
            // Every call here is idempotent (reads, and an upsert of the whole definition), so UNAVAILABLE is retried within the deadline.
            return await broker.Grpc.UnaryAsync<TRequest, TResponse>(
                BrokerChannel.Method(method), request, new GrpcCallOptions { Timeout = Deadline, IsIdempotent = true }, cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException error) when (error.StatusCode is not (StatusCode.InvalidArgument or StatusCode.FailedPrecondition))
        {
            throw new BrokerUnavailableException(error.StatusCode.ToString(), error);
        }
        catch (HttpRequestException error)
        {
            throw new BrokerUnavailableException($"connection: {error.HttpRequestError}", error);
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BrokerUnavailableException("timeout", error);
        }
    }
}
