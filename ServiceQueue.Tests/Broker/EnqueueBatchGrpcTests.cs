using Google.Protobuf;
using Grpc.Core;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Broker;

/// <summary>EnqueueBatch on the running Broker's gRPC endpoint: one result per item, refusals as status codes with reasons.</summary>
public sealed class EnqueueBatchGrpcTests
{
    [Fact]
    public async Task EnqueueBatch_over_grpc_answers_each_item_with_its_ticket_or_the_status_and_reason_Enqueue_would_give()
    {
        await using var server = await BrokerServer.StartAsync();
        var client = server.CreateClient();
        var open = await client.DefineQueueAsync();
        var closed = await client.DefineQueueAsync(change: d => d.Open = false);
        var batch = new EnqueueBatchRequest
        {
            Items =
            {
                Item("a-1", open),
                Item("a-2", closed),
                Item("a-3", open, priority: (PriorityClass)7),
                Item("a-1", open),
                Item("a-4", open),
            },
        };

        var response = await client.EnqueueBatchAsync(batch, deadline: BrokerCalls.Deadline());
        var again = await client.EnqueueBatchAsync(batch, deadline: BrokerCalls.Deadline());

        Assert.Equal(5, response.Results.Count);
        Assert.Equal((false, 1), (response.Results[0].Enqueued.Existing, response.Results[0].Enqueued.Position));
        Assert.Equal(((int)StatusCode.FailedPrecondition, "queue_closed"), (response.Results[1].Error.Code, response.Results[1].Error.Reason));
        Assert.Equal(((int)StatusCode.InvalidArgument, "priority"), (response.Results[2].Error.Code, response.Results[2].Error.Reason));
        Assert.Equal((true, response.Results[0].Enqueued.Ticket.Id), (response.Results[3].Enqueued.Existing, response.Results[3].Enqueued.Ticket.Id));
        Assert.Equal(2, response.Results[4].Enqueued.Position);
        // Repeating the whole call is safe: the same tickets, the same refusals.
        Assert.Equal(
            response.Results.Select(r => r.Enqueued?.Ticket.Id ?? r.Error.Reason),
            again.Results.Select(r => r.Enqueued?.Ticket.Id ?? r.Error.Reason));
        Assert.All(again.Results.Where(r => r.Enqueued is not null), r => Assert.True(r.Enqueued.Existing));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.EnqueueBatchAsync(new EnqueueBatchRequest(), deadline: BrokerCalls.Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("items: ", error.Status.Detail);
    }

    private static EnqueueRequest Item(string requestId, string queue, PriorityClass priority = PriorityClass.Normal) => new()
    {
        RequestId = requestId,
        Queue = queue,
        Priority = priority,
        Channel = Channel.Web,
        Customer = ByteString.CopyFrom(9, 8, 7),
    };
}
