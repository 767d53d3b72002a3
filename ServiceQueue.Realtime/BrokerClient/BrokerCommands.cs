using Grpc.Core;
using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.BrokerClient;

namespace ServiceQueue.Realtime.BrokerClient;

/// <summary>
/// The Broker's methods the hubs use; failures come back as hub errors. Each call has the configured
/// <c>Realtime__BrokerDeadline</c> (the client's interceptor), and only the reads are retried (the contract's idempotency).
/// </summary>
internal sealed partial class BrokerCommands(QueueBroker.QueueBrokerClient broker, ILogger<BrokerCommands> logger)
{
    /// <summary>The queue's first page: a snapshot never asks for a whole queue, however long it is.</summary>
    public Task<GetQueueResponse> GetQueueAsync(QueueAddress queue, CancellationToken cancellationToken) =>
        GetQueueAsync(queue, 0, cancellationToken);

    /// <summary>The page of waiting tickets after <paramref name="offset"/> places in calling order.</summary>
    public Task<GetQueueResponse> GetQueueAsync(QueueAddress queue, int offset, CancellationToken cancellationToken) =>
        CallAsync(
            nameof(QueueBroker.QueueBrokerClient.GetQueue),
            broker.GetQueueAsync(new() { Code = queue.Code, Branch = queue.Branch, Offset = offset, PageSize = QueueSnapshotView.PageSize }, cancellationToken: cancellationToken));

    /// <summary>One branch's queues: the Broker lists a branch at a time, never the whole chain.</summary>
    public Task<ListQueuesResponse> ListQueuesAsync(string branch, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.ListQueues), broker.ListQueuesAsync(new() { Branch = branch }, cancellationToken: cancellationToken));

    public Task<ListBranchesResponse> ListBranchesAsync(CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.ListBranches), broker.ListBranchesAsync(new(), cancellationToken: cancellationToken));

    public Task<GetTicketResponse> GetTicketAsync(string ticketId, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.GetTicket), broker.GetTicketAsync(new() { TicketId = ticketId }, cancellationToken: cancellationToken));

    /// <summary>The open ticket whose holder hash this is; null when none is (not yet there, or ended).</summary>
    public async Task<GetTicketResponse?> FindTicketByHolderAsync(string holderHash, CancellationToken cancellationToken)
    {
        using var call = broker.GetTicketAsync(new() { Holder = holderHash }, cancellationToken: cancellationToken);
        try
        {
            return await call;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException error)
        {
            var failure = BrokerFailure.From(error);
            LogRefused(logger, nameof(QueueBroker.QueueBrokerClient.GetTicket), failure.Status);
            throw BrokerErrors.ToHubException(failure);
        }
    }

    /// <summary>The queue's definition alone (a page of one ticket).</summary>
    public Task<GetQueueResponse> GetQueueDefinitionAsync(QueueAddress queue, CancellationToken cancellationToken) =>
        CallAsync(
            nameof(QueueBroker.QueueBrokerClient.GetQueue),
            broker.GetQueueAsync(new() { Code = queue.Code, Branch = queue.Branch, PageSize = 1 }, cancellationToken: cancellationToken));

    public Task<CallNextResponse> CallNextAsync(CallNextRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.CallNext), broker.CallNextAsync(request, cancellationToken: cancellationToken));

    public Task<TicketResponse> CallTicketAsync(CallTicketRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.CallTicket), broker.CallTicketAsync(request, cancellationToken: cancellationToken));

    public Task<TicketResponse> RecallAsync(RecallRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.Recall), broker.RecallAsync(request, cancellationToken: cancellationToken));

    public Task<TicketResponse> StartServiceAsync(StartServiceRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.StartService), broker.StartServiceAsync(request, cancellationToken: cancellationToken));

    public Task<TicketResponse> CompleteAsync(CompleteRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.Complete), broker.CompleteAsync(request, cancellationToken: cancellationToken));

    public Task<TicketResponse> MarkNoShowAsync(MarkNoShowRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.MarkNoShow), broker.MarkNoShowAsync(request, cancellationToken: cancellationToken));

    public Task<TicketResponse> ParkAsync(ParkRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.Park), broker.ParkAsync(request, cancellationToken: cancellationToken));

    public Task<TicketResponse> ResumeAsync(ResumeRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.Resume), broker.ResumeAsync(request, cancellationToken: cancellationToken));

    public Task<TicketResponse> TransferAsync(TransferRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.Transfer), broker.TransferAsync(request, cancellationToken: cancellationToken));

    public Task<TicketResponse> MoveAsync(MoveRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.Move), broker.MoveAsync(request, cancellationToken: cancellationToken));

    public Task<TicketResponse> RemoveAsync(RemoveRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.Remove), broker.RemoveAsync(request, cancellationToken: cancellationToken));

    public Task<PresenceResponse> SignInAsync(SignInRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.SignIn), broker.SignInAsync(request, cancellationToken: cancellationToken));

    public Task<PresenceResponse> PauseAsync(PauseRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.Pause), broker.PauseAsync(request, cancellationToken: cancellationToken));

    public Task<PresenceResponse> UnpauseAsync(UnpauseRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.Unpause), broker.UnpauseAsync(request, cancellationToken: cancellationToken));

    public Task<PresenceResponse> SignOutAsync(SignOutRequest request, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.SignOut), broker.SignOutAsync(request, cancellationToken: cancellationToken));

    /// <summary>One branch's active service-level alerts, oldest raise first.</summary>
    public Task<ListAlertsResponse> ListAlertsAsync(string branch, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.ListAlerts), broker.ListAlertsAsync(new() { Branch = branch }, cancellationToken: cancellationToken));

    /// <summary>The attendants signed in to one branch.</summary>
    public Task<ListPresenceResponse> ListPresenceAsync(string branch, CancellationToken cancellationToken) =>
        CallAsync(nameof(QueueBroker.QueueBrokerClient.ListPresence), broker.ListPresenceAsync(new() { Branch = branch }, cancellationToken: cancellationToken));

    private async Task<TResponse> CallAsync<TResponse>(string method, AsyncUnaryCall<TResponse> call)
    {
        using (call)
        {
            try
            {
                return await call;
            }
            catch (RpcException error)
            {
                var failure = BrokerFailure.From(error);
                LogRefused(logger, method, failure.Status);
                throw BrokerErrors.ToHubException(failure);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "The Broker answered {Method} with {StatusCode}")]
    private static partial void LogRefused(ILogger logger, string method, StatusCode statusCode);
}
