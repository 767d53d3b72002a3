using Microsoft.Extensions.DependencyInjection;
using ServiceQueue.Broker.Events;
using ServiceQueue.Broker.Model;
using ServiceQueue.Broker.Storage;
using ServiceQueue.ServiceDefaults.Grpc;
using V1 = ServiceQueue.Broker.V1;

namespace ServiceQueue.Broker.Grpc;

/// <summary>
/// The QueueBroker service (contracts.md section 3) on the project's gRPC transport. Handlers only
/// translate: the store and the Watch feed do the work, and <see cref="BrokerException"/> becomes the
/// status of docs/broker.md.
/// </summary>
internal static class QueueBrokerApi
{
    public static IEndpointRouteBuilder MapQueueBrokerApi(this IEndpointRouteBuilder endpoints)
    {
        var service = endpoints.MapGrpcService(V1.BrokerReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("QueueBroker"));
        service.MapUnary<V1.UpsertQueueRequest, V1.UpsertQueueResponse>("UpsertQueue", UpsertQueueAsync);
        service.MapUnary<V1.ListQueuesRequest, V1.ListQueuesResponse>("ListQueues", ListQueuesAsync);
        service.MapUnary<V1.GetQueueRequest, V1.GetQueueResponse>("GetQueue", GetQueueAsync);
        service.MapUnary<V1.EnqueueRequest, V1.EnqueueResponse>("Enqueue", EnqueueAsync);
        service.MapUnary<V1.CallNextRequest, V1.CallNextResponse>("CallNext", CallNextAsync);
        service.MapUnary<V1.CallTicketRequest, V1.TicketResponse>("CallTicket", (r, c) => TicketAsync(c, (s, ct) => s.CallTicketAsync(r.TicketId, r.Attendant, r.Desk, ct)));
        service.MapUnary<V1.RecallRequest, V1.TicketResponse>("Recall", (r, c) => TicketAsync(c, (s, ct) => s.RecallAsync(r.TicketId, r.Attendant, ct)));
        service.MapUnary<V1.StartServiceRequest, V1.TicketResponse>("StartService", (r, c) => TicketAsync(c, (s, ct) => s.StartServiceAsync(r.TicketId, r.Attendant, ct)));
        service.MapUnary<V1.CompleteRequest, V1.TicketResponse>("Complete", (r, c) => TicketAsync(c, (s, ct) => s.CompleteAsync(r.TicketId, r.Attendant, r.Outcome, ct)));
        service.MapUnary<V1.MarkNoShowRequest, V1.TicketResponse>("MarkNoShow", (r, c) => TicketAsync(c, (s, ct) => s.MarkNoShowAsync(r.TicketId, r.Attendant, ct)));
        service.MapUnary<V1.ParkRequest, V1.TicketResponse>("Park", (r, c) => TicketAsync(c, (s, ct) => s.ParkAsync(r.TicketId, r.Actor, ct)));
        service.MapUnary<V1.ResumeRequest, V1.TicketResponse>("Resume", (r, c) => TicketAsync(c, (s, ct) => s.ResumeAsync(r.TicketId, r.Actor, ct)));
        service.MapUnary<V1.TransferRequest, V1.TicketResponse>("Transfer", (r, c) => TicketAsync(c, (s, ct) => s.TransferAsync(r.TicketId, r.TargetQueue, r.ToFront, r.Actor, ct)));
        service.MapUnary<V1.MoveRequest, V1.TicketResponse>("Move", (r, c) => TicketAsync(c, async (s, ct) => (await s.MoveAsync(r.TicketId, r.Position, r.Actor, ct)).Ticket));
        service.MapUnary<V1.RemoveRequest, V1.TicketResponse>("Remove", (r, c) => TicketAsync(c, (s, ct) => s.RemoveAsync(r.TicketId, r.Reason, r.Actor, ct)));
        service.MapUnary<V1.GetTicketRequest, V1.GetTicketResponse>("GetTicket", GetTicketAsync);
        service.MapServerStreaming<V1.WatchRequest, V1.WatchResponse>("Watch", WatchAsync);
        return endpoints;
    }

    private static Task<V1.UpsertQueueResponse> UpsertQueueAsync(V1.UpsertQueueRequest request, GrpcCallContext context) =>
        GuardAsync(async () =>
        {
            var (definition, cursor) = await Store(context).UpsertQueueAsync(ProtoMapper.FromProto(request.Definition), context.CancellationToken);
            return new V1.UpsertQueueResponse { Definition = ProtoMapper.ToProto(definition), Cursor = (ulong)cursor };
        });

    private static Task<V1.ListQueuesResponse> ListQueuesAsync(V1.ListQueuesRequest request, GrpcCallContext context) =>
        GuardAsync(async () =>
        {
            var response = new V1.ListQueuesResponse();
            response.Queues.AddRange((await Store(context).ListQueuesAsync(context.CancellationToken)).Select(ProtoMapper.ToProto));
            return response;
        });

    private static Task<V1.GetQueueResponse> GetQueueAsync(V1.GetQueueRequest request, GrpcCallContext context) =>
        GuardAsync(async () => ProtoMapper.ToProto(await Store(context).GetQueueAsync(request.Code, context.CancellationToken)));

    private static Task<V1.EnqueueResponse> EnqueueAsync(V1.EnqueueRequest request, GrpcCallContext context) =>
        GuardAsync(async () =>
        {
            var command = new EnqueueCommand(
                request.RequestId,
                request.Queue,
                ProtoMapper.FromProto(request.Priority),
                request.PriorityReason,
                ProtoMapper.FromProto(request.Channel),
                request.Customer.Memory,
                request.CustomerIndex.Memory,
                request.MaxOpenTickets);
            var result = await Store(context).EnqueueAsync(command, context.CancellationToken);
            return new V1.EnqueueResponse
            {
                Ticket = ProtoMapper.ToProto(result.Ticket),
                Position = result.Position,
                Estimate = ProtoMapper.ToProto(result.Estimate),
                Existing = result.Existing,
            };
        });

    private static Task<V1.CallNextResponse> CallNextAsync(V1.CallNextRequest request, GrpcCallContext context) =>
        GuardAsync(async () =>
        {
            var ticket = await Store(context).CallNextAsync(request.Queue, request.Attendant, request.Desk, context.CancellationToken);
            return new V1.CallNextResponse { Ticket = ticket is null ? null : ProtoMapper.ToProto(ticket) };
        });

    private static Task<V1.GetTicketResponse> GetTicketAsync(V1.GetTicketRequest request, GrpcCallContext context) =>
        GuardAsync(async () =>
        {
            var lookup = request.KeyCase switch
            {
                V1.GetTicketRequest.KeyOneofCase.TicketId => await Store(context).GetTicketAsync(request.TicketId, null, context.CancellationToken),
                V1.GetTicketRequest.KeyOneofCase.RequestId => await Store(context).GetTicketAsync(null, request.RequestId, context.CancellationToken),
                _ => throw new BrokerException(BrokerErrorCode.InvalidArgument, "key", "key: set ticket_id or request_id"),
            };
            return new V1.GetTicketResponse
            {
                Ticket = ProtoMapper.ToProto(lookup.Ticket),
                Position = lookup.Position,
                Estimate = ProtoMapper.ToProto(lookup.Estimate),
            };
        });

    private static async Task WatchAsync(V1.WatchRequest request, IGrpcStreamWriter<V1.WatchResponse> writer, GrpcCallContext context)
    {
        var feed = context.RequestServices.GetRequiredService<EventFeed>();
        try
        {
            if (request.After > long.MaxValue)
            {
                throw new BrokerException(BrokerErrorCode.InvalidArgument, "after", "after is beyond any cursor");
            }

            long? after = request.FromNow ? null : (long)request.After;
            await foreach (var item in feed.WatchAsync(after, request.Queues, context.CancellationToken))
            {
                await writer.WriteAsync(ProtoMapper.ToProto(item), context.CancellationToken);
            }
        }
        catch (BrokerException ex)
        {
            throw ToRpcException(ex);
        }
    }

    private static Task<V1.TicketResponse> TicketAsync(GrpcCallContext context, Func<QueueStore, CancellationToken, Task<Ticket>> operation) =>
        GuardAsync(async () => new V1.TicketResponse { Ticket = ProtoMapper.ToProto(await operation(Store(context), context.CancellationToken)) });

    private static QueueStore Store(GrpcCallContext context) => context.RequestServices.GetRequiredService<QueueStore>();

    private static async Task<T> GuardAsync<T>(Func<Task<T>> handler)
    {
        try
        {
            return await handler();
        }
        catch (BrokerException ex)
        {
            throw ToRpcException(ex);
        }
    }

    /// <summary>grpc-message is "&lt;reason&gt;: &lt;detail&gt;"; the reason is a stable code (the field, for INVALID_ARGUMENT).</summary>
    private static RpcException ToRpcException(BrokerException ex) => new(
        ex.Code switch
        {
            BrokerErrorCode.InvalidArgument => StatusCode.InvalidArgument,
            BrokerErrorCode.NotFound => StatusCode.NotFound,
            BrokerErrorCode.FailedPrecondition => StatusCode.FailedPrecondition,
            BrokerErrorCode.Unavailable => StatusCode.Unavailable,
            BrokerErrorCode.DeadlineExceeded => StatusCode.DeadlineExceeded,
            BrokerErrorCode.OutOfRange => StatusCode.OutOfRange,
            BrokerErrorCode.ResourceExhausted => StatusCode.ResourceExhausted,
            _ => StatusCode.Internal,
        },
        ex.Message);
}
