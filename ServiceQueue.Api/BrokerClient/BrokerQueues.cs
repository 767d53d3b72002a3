using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ServiceQueue.Api.Model;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.BrokerClient;

namespace ServiceQueue.Api.BrokerClient;

/// <summary>
/// The Broker calls the Api makes, each with <see cref="Deadline"/>. A Broker that does not answer becomes
/// <see cref="BrokerUnavailableException"/>; NOT_FOUND becomes null; a refusal or a bad argument stays an <see cref="RpcException"/>.
/// </summary>
internal sealed class BrokerQueues(QueueBroker.QueueBrokerClient broker)
{
    /// <summary>The deadline of every unary call the Api makes (set by the client's interceptor).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public Task UpsertAsync(QueueSettings settings, CancellationToken cancellationToken) =>
        CallAsync(broker.UpsertQueueAsync(new UpsertQueueRequest { Definition = ToProto(settings) }, cancellationToken: cancellationToken));

    /// <summary>Replaces the branch's pause reasons in the Broker (whole list; idempotent, so retried like an upsert).</summary>
    public Task SetPauseReasonsAsync(string branch, IReadOnlyList<string> codes, CancellationToken cancellationToken) =>
        CallAsync(broker.SetPauseReasonsAsync(new SetPauseReasonsRequest { Branch = branch, Codes = { codes } }, cancellationToken: cancellationToken));

    /// <summary>The queues of one branch, as the Broker holds them.</summary>
    public async Task<IReadOnlyList<QueueSummary>> ListAsync(string branch, CancellationToken cancellationToken) =>
        (await CallAsync(broker.ListQueuesAsync(new ListQueuesRequest { Branch = branch }, cancellationToken: cancellationToken)))!.Queues;

    /// <summary>One page of the queue: the waiting tickets after <paramref name="offset"/> places, at most <paramref name="limit"/>.</summary>
    public Task<GetQueueResponse?> GetQueueAsync(string branch, string code, int offset, int limit, CancellationToken cancellationToken) =>
        CallAsync(broker.GetQueueAsync(new GetQueueRequest { Branch = branch, Code = code, Offset = offset, PageSize = limit }, cancellationToken: cancellationToken));

    public Task<GetTicketResponse?> GetTicketByRequestAsync(string requestId, CancellationToken cancellationToken) =>
        CallAsync(broker.GetTicketAsync(new GetTicketRequest { RequestId = requestId }, cancellationToken: cancellationToken));

    public static QueueDefinition ToProto(QueueSettings settings) => new()
    {
        Branch = settings.Branch,
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
        Alerts = new AlertRules
        {
            WaitingPastSla = settings.Alerts.WaitingPastSla,
            WaitingOver = settings.Alerts.WaitingOver,
            NoAttendant = settings.Alerts.NoAttendant,
            ServiceOver = settings.Alerts.ServiceOverSeconds > 0 ? Duration.FromTimeSpan(TimeSpan.FromSeconds(settings.Alerts.ServiceOverSeconds)) : null,
        },
    };

    /// <summary>The branch's active alerts, as the Broker holds them.</summary>
    public async Task<IReadOnlyList<QueueAlert>> ListAlertsAsync(string branch, CancellationToken cancellationToken) =>
        (await CallAsync(broker.ListAlertsAsync(new ListAlertsRequest { Branch = branch }, cancellationToken: cancellationToken)))!.Alerts;

    /// <summary>Acknowledges an alert; null when the Broker does not know it. A cleared alert stays an <see cref="RpcException"/> (<c>alert_cleared</c>).</summary>
    public async Task<QueueAlert?> AcknowledgeAlertAsync(string id, string actor, CancellationToken cancellationToken) =>
        (await CallAsync(broker.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { Id = id, Actor = actor }, cancellationToken: cancellationToken)))?.Alert;

    // Every call here is idempotent by the contract (reads, and an upsert of the whole definition): the client retries UNAVAILABLE within the deadline.
    private static async Task<TResponse?> CallAsync<TResponse>(AsyncUnaryCall<TResponse> call)
        where TResponse : class
    {
        using (call)
        {
            try
            {
                return await call;
            }
            catch (RpcException error) when (BrokerFailure.From(error).Kind == BrokerFailureKind.NotFound)
            {
                return null;
            }
            catch (RpcException error) when (BrokerFailure.From(error).Kind is not (BrokerFailureKind.Invalid or BrokerFailureKind.Refused))
            {
                throw new BrokerUnavailableException(error.StatusCode.ToString(), error);
            }
        }
    }
}
