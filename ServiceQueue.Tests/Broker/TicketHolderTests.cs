using Google.Protobuf;
using Grpc.Core;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Tickets;
using ServiceQueue.Tests.Infrastructure;
using StackExchange.Redis;

namespace ServiceQueue.Tests.Broker;

/// <summary>
/// The ticket page's holder (issue 17) over the Broker's gRPC contract: a ticket is found by the hash of its page's
/// token while it is open, and the hash is forgotten, in Redis too, the moment the ticket ends.
/// </summary>
public sealed class TicketHolderTests
{
    public enum Ending
    {
        Completed,
        NoShow,
        Removed,
    }

    [Theory]
    [InlineData(Ending.Completed)]
    [InlineData(Ending.NoShow)]
    [InlineData(Ending.Removed)]
    public async Task A_ticket_is_found_by_its_holder_while_open_and_its_holder_is_forgotten_everywhere_once_it_ends(Ending ending)
    {
        await using var server = await BrokerServer.StartAsync();
        var broker = server.CreateClient();
        var queue = await broker.DefineQueueAsync();
        var holder = TicketHolderToken.Hash(TicketHolderToken.Create());
        await broker.EnqueueAsync(queue, "ahead");
        var enqueued = await broker.EnqueueAsync(new EnqueueRequest { RequestId = "held", Queue = queue, Channel = Channel.Kiosk, Holder = holder, Customer = ByteString.CopyFrom(1, 2) }, deadline: BrokerCalls.Deadline());

        var found = await broker.GetTicketAsync(new GetTicketRequest { Holder = holder }, deadline: BrokerCalls.Deadline());
        Assert.Equal((enqueued.Ticket.Id, 2, 1), (found.Ticket.Id, found.Position, found.Estimate.TicketsAhead));
        Assert.True(await HolderKeptAsync(server, holder), "the holder is kept while the ticket waits");

        // Still found once called: the page must be able to say which desk.
        var called = await broker.CallTicketAsync(enqueued.Ticket.Id, "ana", "7");
        Assert.Equal(("7", TicketState.Called), ((await broker.GetTicketAsync(new GetTicketRequest { Holder = holder }, deadline: BrokerCalls.Deadline())).Ticket.Desk, called.State));

        var ended = ending switch
        {
            Ending.Completed => await CompleteAsync(broker, called.Id),
            Ending.NoShow => await broker.NoShowAsync(called.Id, "ana"),
            _ => await broker.RemoveAsync(called.Id, TicketRemovalReasons.CustomerCancelled, "customer"),
        };

        var gone = await Assert.ThrowsAsync<RpcException>(() => broker.GetTicketAsync(new GetTicketRequest { Holder = holder }, deadline: BrokerCalls.Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.StartsWith("unknown_holder: ", gone.Status.Detail);
        Assert.DoesNotContain(holder, gone.Status.Detail, StringComparison.Ordinal);
        Assert.False(await HolderKeptAsync(server, holder), "no key and no ticket field keeps the holder of an ended ticket");
        // The ticket itself is still there for staff lookups by id.
        var byId = await broker.GetTicketAsync(new GetTicketRequest { TicketId = ended.Id }, deadline: BrokerCalls.Deadline());
        Assert.Equal(ended.State, byId.Ticket.State);
    }

    [Fact]
    public async Task A_repeated_request_keeps_its_first_holder_and_a_batch_keeps_each_item_s_own()
    {
        await using var server = await BrokerServer.StartAsync();
        var broker = server.CreateClient();
        var queue = await broker.DefineQueueAsync();
        var first = TicketHolderToken.Hash(TicketHolderToken.Create());
        var second = TicketHolderToken.Hash(TicketHolderToken.Create());

        var original = await broker.EnqueueAsync(new EnqueueRequest { RequestId = "r", Queue = queue, Holder = first }, deadline: BrokerCalls.Deadline());
        var repeat = await broker.EnqueueAsync(new EnqueueRequest { RequestId = "r", Queue = queue, Holder = second }, deadline: BrokerCalls.Deadline());
        Assert.True(repeat.Existing);
        Assert.Equal(original.Ticket.Id, (await broker.GetTicketAsync(new GetTicketRequest { Holder = first }, deadline: BrokerCalls.Deadline())).Ticket.Id);
        var stranger = await Assert.ThrowsAsync<RpcException>(() => broker.GetTicketAsync(new GetTicketRequest { Holder = second }, deadline: BrokerCalls.Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, stranger.StatusCode);

        var holders = Enumerable.Range(0, 3).Select(_ => TicketHolderToken.Hash(TicketHolderToken.Create())).ToList();
        var batch = new EnqueueBatchRequest();
        batch.Items.AddRange(holders.Select((h, i) => new EnqueueRequest { RequestId = $"b{i}", Queue = queue, Holder = h }));
        batch.Items.Add(new EnqueueRequest { RequestId = "no-holder", Queue = queue });
        var results = await broker.EnqueueBatchAsync(batch, deadline: BrokerCalls.Deadline());
        for (var i = 0; i < holders.Count; i++)
        {
            var found = await broker.GetTicketAsync(new GetTicketRequest { Holder = holders[i] }, deadline: BrokerCalls.Deadline());
            Assert.Equal((results.Results[i].Enqueued.Ticket.Id, i + 2), (found.Ticket.Id, found.Position));
        }
    }

    [Fact]
    public async Task A_holder_that_is_not_a_SHA_256_in_lowercase_hex_is_refused_as_an_invalid_argument()
    {
        await using var server = await BrokerServer.StartAsync();
        var broker = server.CreateClient();
        var queue = await broker.DefineQueueAsync();
        var token = TicketHolderToken.Create();

        foreach (var holder in new[] { token, TicketHolderToken.Hash(token).ToUpperInvariant(), "abc", TicketHolderToken.Hash(token) + "0" })
        {
            var enqueue = await Assert.ThrowsAsync<RpcException>(() => broker.EnqueueAsync(new EnqueueRequest { RequestId = "x", Queue = queue, Holder = holder }, deadline: BrokerCalls.Deadline()).ResponseAsync);
            Assert.Equal((StatusCode.InvalidArgument, true), (enqueue.StatusCode, enqueue.Status.Detail.StartsWith("holder: ", StringComparison.Ordinal)));
            var lookup = await Assert.ThrowsAsync<RpcException>(() => broker.GetTicketAsync(new GetTicketRequest { Holder = holder }, deadline: BrokerCalls.Deadline()).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, lookup.StatusCode);
        }

        var empty = await Assert.ThrowsAsync<RpcException>(() => broker.GetTicketAsync(new GetTicketRequest { Holder = "" }, deadline: BrokerCalls.Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }

    [Fact]
    public async Task ListQueues_quotes_a_new_arrival_exactly_what_Enqueue_then_tells_it()
    {
        await using var server = await BrokerServer.StartAsync();
        var broker = server.CreateClient();
        var queue = await broker.DefineQueueAsync();
        // A served ticket gives the queue a service time of its own, and an active attendant.
        await broker.ServeAsync(queue, "served", "ana", "1");
        await broker.EnqueueAsync(new EnqueueRequest { RequestId = "p", Queue = queue, Priority = PriorityClass.Priority, PriorityReason = "elderly" }, deadline: BrokerCalls.Deadline());
        for (var i = 0; i < 3; i++)
        {
            await broker.EnqueueAsync(queue, $"n{i}");
        }

        var listed = (await broker.ListQueuesAsync(new ListQueuesRequest(), deadline: BrokerCalls.Deadline())).Queues.Single(q => q.Definition.Code == queue);
        var next = await broker.EnqueueAsync(new EnqueueRequest { RequestId = "next", Queue = queue }, deadline: BrokerCalls.Deadline());

        Assert.Equal(4, listed.Waiting);
        Assert.Equal(4, listed.Estimate.TicketsAhead);
        Assert.Equal(next.Estimate, listed.Estimate);
    }

    private static async Task<Ticket> CompleteAsync(QueueBroker.QueueBrokerClient broker, string ticketId)
    {
        await broker.StartServiceAsync(ticketId, "ana");
        return await broker.CompleteAsync(ticketId, "ana");
    }

    // Any key naming the hash, or any ticket hash holding it in a field.
    private static async Task<bool> HolderKeptAsync(BrokerServer server, string holder)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync((await TestServers.GetAsync()).Redis.ConnectionString);
        var db = redis.GetDatabase();
        var endpoint = redis.GetServer(redis.GetEndPoints()[0]);
        await foreach (var key in endpoint.KeysAsync(pattern: server.KeyPrefix + "*"))
        {
            var name = key.ToString();
            if (name.Contains(holder, StringComparison.Ordinal))
            {
                return true;
            }

            if (name.StartsWith(server.KeyPrefix + "t:", StringComparison.Ordinal) && await db.KeyTypeAsync(key) == RedisType.Hash
                && (await db.HashGetAsync(key, "holder")).HasValue)
            {
                return true;
            }
        }

        return false;
    }
}
