using Grpc.Core;
using ServiceQueue.Broker.Events;
using ServiceQueue.Broker.Model;
using ServiceQueue.Broker.Storage;
using V1 = ServiceQueue.Broker.V1;

namespace ServiceQueue.Broker.Grpc;

/// <summary>
/// The QueueBroker service (contracts.md section 3). Handlers only translate: the store and the Watch
/// feed do the work, and <see cref="BrokerExceptionInterceptor"/> turns a <see cref="BrokerException"/>
/// into the status of docs/broker.md.
/// </summary>
internal sealed class QueueBrokerService(QueueStore store, PresenceStore presence, AlertStore alerts, EventFeed feed) : V1.QueueBroker.QueueBrokerBase
{
    public override async Task<V1.UpsertQueueResponse> UpsertQueue(V1.UpsertQueueRequest request, ServerCallContext context)
    {
        var (definition, cursor) = await store.UpsertQueueAsync(ProtoMapper.FromProto(request.Definition), context.CancellationToken);
        return new V1.UpsertQueueResponse { Definition = ProtoMapper.ToProto(definition), Cursor = (ulong)cursor };
    }

    public override async Task<V1.ListBranchesResponse> ListBranches(V1.ListBranchesRequest request, ServerCallContext context)
    {
        var response = new V1.ListBranchesResponse();
        response.Branches.AddRange(await store.ListBranchesAsync(context.CancellationToken));
        return response;
    }

    public override async Task<V1.ListQueuesResponse> ListQueues(V1.ListQueuesRequest request, ServerCallContext context)
    {
        var response = new V1.ListQueuesResponse();
        response.Queues.AddRange((await store.ListQueuesAsync(request.Branch, context.CancellationToken)).Select(ProtoMapper.ToProto));
        return response;
    }

    public override async Task<V1.GetQueueResponse> GetQueue(V1.GetQueueRequest request, ServerCallContext context) =>
        ProtoMapper.ToProto(await store.GetQueueAsync(request.Branch, request.Code, request.Offset, request.PageSize, context.CancellationToken));

    public override async Task<V1.EnqueueResponse> Enqueue(V1.EnqueueRequest request, ServerCallContext context) =>
        ToProto(await store.EnqueueAsync(ToCommand(request), context.CancellationToken));

    public override async Task<V1.EnqueueBatchResponse> EnqueueBatch(V1.EnqueueBatchRequest request, ServerCallContext context)
    {
        InputRules.BatchSize(request.Items.Count, "items");
        // An item whose enums are unknown fails alone, like any other bad field; the rest go to the store together.
        var errors = new BrokerException?[request.Items.Count];
        var commands = new List<EnqueueCommand>(request.Items.Count);
        var positions = new List<int>(request.Items.Count);
        for (var i = 0; i < request.Items.Count; i++)
        {
            try
            {
                commands.Add(ToCommand(request.Items[i]));
                positions.Add(i);
            }
            catch (BrokerException refused)
            {
                errors[i] = refused;
            }
        }

        var outcomes = commands.Count > 0 ? await store.EnqueueBatchAsync(commands, context.CancellationToken) : [];
        var results = new V1.EnqueueBatchResult[request.Items.Count];
        for (var k = 0; k < outcomes.Count; k++)
        {
            results[positions[k]] = outcomes[k] is { Result: { } enqueued } ? new V1.EnqueueBatchResult { Enqueued = ToProto(enqueued) } : ToProto(outcomes[k].Error!);
        }

        for (var i = 0; i < errors.Length; i++)
        {
            if (errors[i] is { } error)
            {
                results[i] = ToProto(error);
            }
        }

        var response = new V1.EnqueueBatchResponse();
        response.Results.AddRange(results);
        return response;
    }

    public override async Task<V1.CallNextResponse> CallNext(V1.CallNextRequest request, ServerCallContext context)
    {
        var ticket = await store.CallNextAsync(request.Branch, request.Queue, request.Attendant, request.Desk, context.CancellationToken);
        return new V1.CallNextResponse { Ticket = ticket is null ? null : ProtoMapper.ToProto(ticket) };
    }

    public override Task<V1.TicketResponse> CallTicket(V1.CallTicketRequest request, ServerCallContext context) =>
        TicketAsync(store.CallTicketAsync(request.TicketId, request.Attendant, request.Desk, context.CancellationToken));

    public override Task<V1.TicketResponse> Recall(V1.RecallRequest request, ServerCallContext context) =>
        TicketAsync(store.RecallAsync(request.TicketId, request.Attendant, context.CancellationToken));

    public override Task<V1.TicketResponse> StartService(V1.StartServiceRequest request, ServerCallContext context) =>
        TicketAsync(store.StartServiceAsync(request.TicketId, request.Attendant, context.CancellationToken));

    public override Task<V1.TicketResponse> Complete(V1.CompleteRequest request, ServerCallContext context) =>
        TicketAsync(store.CompleteAsync(request.TicketId, request.Attendant, request.Outcome, context.CancellationToken));

    public override Task<V1.TicketResponse> MarkNoShow(V1.MarkNoShowRequest request, ServerCallContext context) =>
        TicketAsync(store.MarkNoShowAsync(request.TicketId, request.Attendant, context.CancellationToken));

    public override Task<V1.TicketResponse> Park(V1.ParkRequest request, ServerCallContext context) =>
        TicketAsync(store.ParkAsync(request.TicketId, request.Actor, context.CancellationToken));

    public override Task<V1.TicketResponse> Resume(V1.ResumeRequest request, ServerCallContext context) =>
        TicketAsync(store.ResumeAsync(request.TicketId, request.Actor, context.CancellationToken));

    public override Task<V1.TicketResponse> Transfer(V1.TransferRequest request, ServerCallContext context) =>
        TicketAsync(store.TransferAsync(request.TicketId, request.TargetBranch, request.TargetQueue, request.ToFront, request.Actor, context.CancellationToken));

    public override async Task<V1.TicketResponse> Move(V1.MoveRequest request, ServerCallContext context)
    {
        var (ticket, _) = await store.MoveAsync(request.TicketId, request.Position, request.Actor, context.CancellationToken);
        return new V1.TicketResponse { Ticket = ProtoMapper.ToProto(ticket) };
    }

    public override Task<V1.TicketResponse> Remove(V1.RemoveRequest request, ServerCallContext context) =>
        TicketAsync(store.RemoveAsync(request.TicketId, request.Reason, request.Actor, context.CancellationToken));

    public override async Task<V1.GetTicketResponse> GetTicket(V1.GetTicketRequest request, ServerCallContext context)
    {
        var lookup = request.KeyCase switch
        {
            V1.GetTicketRequest.KeyOneofCase.TicketId => await store.GetTicketAsync(request.TicketId, null, context.CancellationToken),
            V1.GetTicketRequest.KeyOneofCase.RequestId => await store.GetTicketAsync(null, request.RequestId, context.CancellationToken),
            V1.GetTicketRequest.KeyOneofCase.Holder => await store.GetTicketAsync(null, null, context.CancellationToken, request.Holder),
            _ => throw new BrokerException(BrokerErrorCode.InvalidArgument, "key", "key: set ticket_id, request_id or holder"),
        };
        return new V1.GetTicketResponse
        {
            Ticket = ProtoMapper.ToProto(lookup.Ticket),
            Position = lookup.Position,
            Estimate = ProtoMapper.ToProto(lookup.Estimate),
        };
    }

    public override async Task Watch(V1.WatchRequest request, IServerStreamWriter<V1.WatchResponse> responseStream, ServerCallContext context)
    {
        if (request.After > long.MaxValue)
        {
            throw new BrokerException(BrokerErrorCode.InvalidArgument, "after", "after is beyond any cursor");
        }

        long? after = request.FromNow ? null : (long)request.After;
        await foreach (var item in feed.WatchAsync(after, request.Queues, request.Branches, context.CancellationToken))
        {
            await responseStream.WriteAsync(ProtoMapper.ToProto(item), context.CancellationToken);
        }
    }

    public override Task<V1.PresenceResponse> SignIn(V1.SignInRequest request, ServerCallContext context) =>
        PresenceAsync(presence.SignInAsync(request.Attendant, request.Branch, request.Desk, request.Queues, context.CancellationToken));

    public override Task<V1.PresenceResponse> Pause(V1.PauseRequest request, ServerCallContext context) =>
        PresenceAsync(presence.PauseAsync(request.Attendant, request.Reason, context.CancellationToken));

    public override Task<V1.PresenceResponse> Unpause(V1.UnpauseRequest request, ServerCallContext context) =>
        PresenceAsync(presence.UnpauseAsync(request.Attendant, context.CancellationToken));

    public override Task<V1.PresenceResponse> SignOut(V1.SignOutRequest request, ServerCallContext context) =>
        PresenceAsync(presence.SignOutAsync(request.Attendant, context.CancellationToken));

    public override async Task<V1.ListPresenceResponse> ListPresence(V1.ListPresenceRequest request, ServerCallContext context)
    {
        var response = new V1.ListPresenceResponse();
        response.Attendants.AddRange((await presence.ListPresenceAsync(request.Branch, context.CancellationToken)).Select(ProtoMapper.ToProto));
        return response;
    }

    public override async Task<V1.SetPauseReasonsResponse> SetPauseReasons(V1.SetPauseReasonsRequest request, ServerCallContext context)
    {
        var response = new V1.SetPauseReasonsResponse();
        response.Codes.AddRange(await presence.SetPauseReasonsAsync(request.Branch, request.Codes, context.CancellationToken));
        return response;
    }

    public override async Task<V1.ListAlertsResponse> ListAlerts(V1.ListAlertsRequest request, ServerCallContext context)
    {
        var response = new V1.ListAlertsResponse();
        response.Alerts.AddRange((await alerts.ListAlertsAsync(request.Branch, context.CancellationToken)).Select(ProtoMapper.ToProto));
        return response;
    }

    public override async Task<V1.AlertResponse> AcknowledgeAlert(V1.AcknowledgeAlertRequest request, ServerCallContext context) =>
        new() { Alert = ProtoMapper.ToProto(await alerts.AcknowledgeAsync(request.Id, request.Actor, context.CancellationToken)) };

    private static EnqueueCommand ToCommand(V1.EnqueueRequest request) => new(
        request.RequestId,
        request.Queue,
        ProtoMapper.FromProto(request.Priority),
        request.PriorityReason,
        ProtoMapper.FromProto(request.Channel),
        request.Customer.Memory,
        request.CustomerIndex.Memory,
        request.MaxOpenTickets,
        request.Branch,
        request.Holder);

    private static V1.EnqueueResponse ToProto(EnqueueResult result) => new()
    {
        Ticket = ProtoMapper.ToProto(result.Ticket),
        Position = result.Position,
        Estimate = ProtoMapper.ToProto(result.Estimate),
        Existing = result.Existing,
    };

    private static V1.EnqueueBatchResult ToProto(BrokerException error) => new()
    {
        Error = new V1.EnqueueError { Code = (int)BrokerExceptionInterceptor.ToStatusCode(error.Code), Reason = error.Reason, Detail = error.Detail },
    };

    private static async Task<V1.TicketResponse> TicketAsync(Task<Ticket> operation) =>
        new() { Ticket = ProtoMapper.ToProto(await operation) };

    private static async Task<V1.PresenceResponse> PresenceAsync(Task<AttendantPresence> operation) =>
        new() { Presence = ProtoMapper.ToProto(await operation) };
}
