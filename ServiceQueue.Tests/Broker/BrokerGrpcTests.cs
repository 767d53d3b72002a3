using System.Diagnostics;
using System.Net;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Infrastructure;
using ServiceQueue.Tests.Interop;

namespace ServiceQueue.Tests.Broker;

/// <summary>The running Broker process over its gRPC endpoint, with the generated client of the test's own copy of broker.proto.</summary>
public sealed class BrokerGrpcTests
{
    [Fact]
    public async Task QueueBroker_over_grpc_enqueues_idempotently_then_calls_serves_and_completes_a_ticket()
    {
        await using var server = await BrokerServer.StartAsync();
        var client = server.CreateClient();
        await DefineAsync(client, "GEN");
        var request = new EnqueueRequest
        {
            RequestId = "req-1",
            Queue = "GEN",
            Priority = PriorityClass.Priority,
            PriorityReason = "pregnancy",
            Channel = Channel.Kiosk,
            Customer = ByteString.CopyFrom(1, 2, 3, 200),
        };

        var first = await Call(client.EnqueueAsync(request, deadline: Soon()));
        var again = await Call(client.EnqueueAsync(request, deadline: Soon()));

        Assert.False(first.Existing);
        Assert.True(again.Existing);
        Assert.Equal(first.Ticket, again.Ticket);
        Assert.Equal(("G-001", TicketState.Waiting, 1), (first.Ticket.Number, first.Ticket.State, first.Position));
        Assert.Equal(request.Customer, first.Ticket.Customer);
        Assert.Equal(PriorityClass.Priority, first.Ticket.Priority);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.Zero), first.Estimate.Expected);

        var snapshot = await Call(client.GetQueueAsync(new GetQueueRequest { Code = "GEN" }, deadline: Soon()));
        Assert.Equal([first.Ticket.Id], snapshot.Waiting.Select(w => w.Ticket.Id));
        Assert.Equal(2UL, snapshot.Cursor);

        var called = await Call(client.CallNextAsync(new CallNextRequest { Queue = "GEN", Attendant = "ana", Desk = "5" }, deadline: Soon()));
        Assert.Equal((first.Ticket.Id, TicketState.Called, "5"), (called.Ticket.Id, called.Ticket.State, called.Ticket.Desk));
        await Call(client.StartServiceAsync(new StartServiceRequest { TicketId = called.Ticket.Id, Attendant = "ana" }, deadline: Soon()));
        var done = await Call(client.CompleteAsync(new CompleteRequest { TicketId = called.Ticket.Id, Attendant = "ana", Outcome = "served" }, deadline: Soon()));
        Assert.Equal(TicketState.Completed, done.Ticket.State);
        Assert.NotNull(done.Ticket.EndedAt);

        var empty = await Call(client.CallNextAsync(new CallNextRequest { Queue = "GEN", Attendant = "ana", Desk = "5" }, deadline: Soon()));
        Assert.Null(empty.Ticket);
        var lookup = await Call(client.GetTicketAsync(new GetTicketRequest { RequestId = "req-1" }, deadline: Soon()));
        Assert.Equal((TicketState.Completed, "served", 0), (lookup.Ticket.State, lookup.Ticket.Outcome, lookup.Position));
        var queues = await Call(client.ListQueuesAsync(new ListQueuesRequest(), deadline: Soon()));
        Assert.Equal(["GEN"], queues.Queues.Select(q => q.Definition.Code));
    }

    [Fact]
    public async Task QueueBroker_over_grpc_answers_the_contract_status_codes_with_a_reason()
    {
        await using var server = await BrokerServer.StartAsync();
        var client = server.CreateClient();
        await DefineAsync(client, "GEN");
        var waiting = await Call(client.EnqueueAsync(new EnqueueRequest { RequestId = "w", Queue = "GEN" }, deadline: Soon()));

        await AssertStatusAsync(StatusCode.InvalidArgument, "request_id: ", () => Call(client.EnqueueAsync(new EnqueueRequest { RequestId = "not valid", Queue = "GEN" }, deadline: Soon())));
        await AssertStatusAsync(StatusCode.InvalidArgument, "key: ", () => Call(client.GetTicketAsync(new GetTicketRequest(), deadline: Soon())));
        await AssertStatusAsync(StatusCode.InvalidArgument, "definition.time_zone: ", () => DefineAsync(client, "BAD", "Nowhere/Land"));
        await AssertStatusAsync(StatusCode.FailedPrecondition, "unknown_queue: ", () => Call(client.EnqueueAsync(new EnqueueRequest { RequestId = "x", Queue = "NOPE" }, deadline: Soon())));
        await AssertStatusAsync(StatusCode.FailedPrecondition, "ticket_not_called: ", () => Call(client.StartServiceAsync(new StartServiceRequest { TicketId = waiting.Ticket.Id, Attendant = "ana" }, deadline: Soon())));
        await AssertStatusAsync(StatusCode.NotFound, "unknown_ticket: ", () => Call(client.GetTicketAsync(new GetTicketRequest { TicketId = "0123456789" }, deadline: Soon())));
        await AssertStatusAsync(StatusCode.OutOfRange, "cursor_ahead: ", () => FirstAsync(client.Watch(new WatchRequest { After = 1000 })));

        // A deadline on a stream that stays idle ends it with DEADLINE_EXCEEDED.
        var deadline = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = client.Watch(new WatchRequest { FromNow = true }, deadline: DateTime.UtcNow.AddMilliseconds(500));
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
            }
        });
        Assert.Equal(StatusCode.DeadlineExceeded, deadline.StatusCode);
    }

    [Fact]
    public async Task Watch_over_grpc_replays_from_a_cursor_then_follows_live_with_heartbeats()
    {
        await using var server = await BrokerServer.StartAsync(settings: new Dictionary<string, string> { ["Broker__HeartbeatInterval"] = "00:00:00.300" });
        var client = server.CreateClient();
        await DefineAsync(client, "GEN");
        for (var i = 0; i < 3; i++)
        {
            await Call(client.EnqueueAsync(new EnqueueRequest { RequestId = $"r{i}", Queue = "GEN" }, deadline: Soon()));
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<WatchResponse>();
        using var watch = client.Watch(new WatchRequest { After = 1 }, cancellationToken: stop.Token);
        await foreach (var message in watch.ResponseStream.ReadAllAsync(stop.Token))
        {
            received.Add(message);
            if (received.Count(m => m.KindCase == WatchResponse.KindOneofCase.Heartbeat) == 2 && received.All(m => m.Event?.Cursor != 5))
            {
                await Call(client.EnqueueAsync(new EnqueueRequest { RequestId = "live", Queue = "GEN" }, deadline: Soon()));
            }

            if (message.Event?.Cursor == 5)
            {
                break;
            }
        }

        var events = received.Where(m => m.KindCase == WatchResponse.KindOneofCase.Event).Select(m => m.Event).ToList();
        Assert.Equal([2UL, 3UL, 4UL, 5UL], events.Select(e => e.Cursor));
        Assert.All(events, e => Assert.Equal(EventType.Enqueued, e.Type));
        Assert.Equal("live", events[^1].Ticket.RequestId);
        Assert.Equal(4UL, received.First(m => m.KindCase == WatchResponse.KindOneofCase.Heartbeat).Heartbeat.Cursor);
    }

    [Fact]
    public async Task Broker_health_and_calls_follow_redis_down_and_back_up()
    {
        using var folder = RunFolder.Create(TestServers.RunsParent);
        var redis = new RedisServer(new LocalServerOptions { DataDirectory = folder.For("redis") });
        await redis.StartAsync();
        try
        {
            await using var server = await BrokerServer.StartAsync(redis.ConnectionString, new Dictionary<string, string>
            {
                ["Broker__OperationTimeout"] = "00:00:01",
                ["Broker__ConnectTimeout"] = "00:00:00.500",
            });
            var client = server.CreateClient();
            var health = server.CreateHealthClient();
            var http = server.CreateHttpClient();
            await DefineAsync(client, "GEN");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await HealthAsync(health)).Status);

            await redis.StopAsync();
            var clock = Stopwatch.StartNew();
            await AssertStatusAsync(StatusCode.Unavailable, "redis_unavailable: ", () => Call(client.EnqueueAsync(new EnqueueRequest { RequestId = "down", Queue = "GEN" }, deadline: Soon())));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await HealthAsync(health)).Status);

            redis = new RedisServer(new LocalServerOptions { DataDirectory = folder.For("redis"), Port = redis.Port, Password = redis.Password });
            await redis.StartAsync();
            EnqueueResponse? after = null;
            while (after is null)
            {
                try
                {
                    after = await Call(client.EnqueueAsync(new EnqueueRequest { RequestId = "down", Queue = "GEN" }, deadline: Soon()));
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && clock.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(200);
                }
            }

            Assert.Equal("G-001", after.Ticket.Number);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        }
        finally
        {
            await redis.StopAsync();
        }
    }

    [Fact]
    public async Task Grpc_js_calls_Enqueue_and_Watch_on_the_running_Broker()
    {
        await using var server = await BrokerServer.StartAsync();
        await DefineAsync(server.CreateClient(), "JS");

        var result = await GrpcJsPeer.RunScriptAsync("broker-client.js", $"{server.GrpcAddress.Host}:{server.GrpcAddress.Port}", "JS");

        var first = result.GetProperty("first");
        Assert.Equal(0, first.GetProperty("code").GetInt32());
        Assert.Equal("J-001", first.GetProperty("number").GetString());
        Assert.Equal("TICKET_STATE_WAITING", first.GetProperty("state").GetString());
        Assert.Equal("PRIORITY_CLASS_PRIORITY", first.GetProperty("priority").GetString());
        Assert.Equal([1, 2, 3, 250], first.GetProperty("customer").EnumerateArray().Select(b => b.GetInt32()));
        Assert.False(first.GetProperty("existing").GetBoolean());
        var again = result.GetProperty("again");
        Assert.True(again.GetProperty("existing").GetBoolean());
        Assert.Equal(first.GetProperty("ticketId").GetString(), again.GetProperty("ticketId").GetString());
        var bad = result.GetProperty("bad");
        Assert.Equal((int)StatusCode.InvalidArgument, bad.GetProperty("code").GetInt32());
        Assert.StartsWith("request_id: ", bad.GetProperty("details").GetString());

        var watch = result.GetProperty("watch");
        Assert.Equal((int)StatusCode.Cancelled, watch.GetProperty("code").GetInt32());
        var events = watch.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["EVENT_TYPE_QUEUE_UPDATED", "EVENT_TYPE_ENQUEUED"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(["1", "2"], events.Select(e => e.GetProperty("cursor").GetString()));
        Assert.Equal(first.GetProperty("ticketId").GetString(), events[1].GetProperty("ticketId").GetString());
    }

    [Fact]
    public async Task Enqueue_refuses_a_customer_at_the_open_ticket_limit_until_one_of_their_tickets_finishes()
    {
        await using var server = await BrokerServer.StartAsync();
        var client = server.CreateClient();
        await DefineAsync(client, "GEN");
        var customer = ByteString.CopyFrom(Enumerable.Repeat((byte)7, 32).ToArray());
        EnqueueRequest For(string requestId) => new() { RequestId = requestId, Queue = "GEN", CustomerIndex = customer, MaxOpenTickets = 2 };

        var first = await Call(client.EnqueueAsync(For("c1"), deadline: Soon()));
        await Call(client.EnqueueAsync(For("c2"), deadline: Soon()));
        await AssertStatusAsync(StatusCode.FailedPrecondition, "too_many_open_tickets: ", () => Call(client.EnqueueAsync(For("c3"), deadline: Soon())));
        // A repeat of a known request is still its ticket, not a refusal; another customer is not affected.
        Assert.True((await Call(client.EnqueueAsync(For("c2"), deadline: Soon()))).Existing);
        await Call(client.EnqueueAsync(new EnqueueRequest { RequestId = "other", Queue = "GEN", CustomerIndex = ByteString.CopyFrom(new byte[32]), MaxOpenTickets = 2 }, deadline: Soon()));

        await Call(client.RemoveAsync(new RemoveRequest { TicketId = first.Ticket.Id, Reason = "left", Actor = "sup" }, deadline: Soon()));
        var third = await Call(client.EnqueueAsync(For("c3"), deadline: Soon()));
        Assert.False(third.Existing);
    }

    private static DateTime Soon() => DateTime.UtcNow.AddSeconds(10);

    private static async Task<TResponse> Call<TResponse>(AsyncUnaryCall<TResponse> call)
    {
        using (call)
        {
            return await call;
        }
    }

    private static async Task<HealthCheckResponse> HealthAsync(Health.HealthClient health) =>
        await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));

    [Fact]
    public async Task QueueBroker_over_grpc_keeps_branches_apart_and_names_the_default_branch_in_every_answer()
    {
        await using var server = await BrokerServer.StartAsync();
        var client = server.CreateClient();
        await DefineAsync(client, "GEN");
        await client.DefineQueueAsync("GEN", definition => definition.Branch = "NORTH");
        var main = await Call(client.EnqueueAsync(new EnqueueRequest { RequestId = "m", Queue = "GEN" }, deadline: Soon()));
        var north = await Call(client.EnqueueAsync(new EnqueueRequest { RequestId = "n", Queue = "GEN", Branch = "NORTH" }, deadline: Soon()));
        Assert.Equal([("G-001", "MAIN"), ("G-001", "NORTH")], new[] { main, north }.Select(r => (r.Ticket.Number, r.Ticket.Branch)));

        var snapshot = await Call(client.GetQueueAsync(new GetQueueRequest { Code = "GEN", Branch = "NORTH" }, deadline: Soon()));
        Assert.Equal("NORTH", snapshot.Definition.Branch);
        Assert.Equal([north.Ticket.Id], snapshot.Waiting.Select(w => w.Ticket.Id));
        var listed = await Call(client.ListQueuesAsync(new ListQueuesRequest { Branch = "MAIN" }, deadline: Soon()));
        Assert.Equal([("GEN", "MAIN", 1)], listed.Queues.Select(q => (q.Definition.Code, q.Definition.Branch, q.Waiting)));
        var called = await Call(client.CallNextAsync(new CallNextRequest { Queue = "GEN", Branch = "NORTH", Attendant = "ana", Desk = "1" }, deadline: Soon()));
        Assert.Equal(north.Ticket.Id, called.Ticket.Id);

        await AssertStatusAsync(StatusCode.FailedPrecondition, "cross_branch_transfer: ", () => Call(client.TransferAsync(new TransferRequest { TicketId = main.Ticket.Id, TargetQueue = "GEN", TargetBranch = "NORTH" }, deadline: Soon())));
        await AssertStatusAsync(StatusCode.InvalidArgument, "branch: ", () => Call(client.GetQueueAsync(new GetQueueRequest { Code = "GEN", Branch = "no.rth" }, deadline: Soon())));
        var north1 = (await FirstAsync(client.Watch(new WatchRequest { After = 0, Branches = { "NORTH" } }))).Event;
        Assert.Equal((EventType.QueueUpdated, "NORTH", "NORTH"), (north1.Type, north1.Branch, north1.Definition.Branch));
    }

    [Fact]
    public async Task Presence_over_grpc_answers_the_presence_its_event_and_the_contract_status_codes()
    {
        await using var server = await BrokerServer.StartAsync();
        var client = server.CreateClient();
        await DefineAsync(client, "GEN");
        await DefineAsync(client, "TAX");
        var start = (await Call(client.GetQueueAsync(new GetQueueRequest { Code = "GEN" }, deadline: Soon()))).Cursor;

        var signedIn = (await Call(client.SignInAsync(new SignInRequest { Attendant = "ana", Desk = "4", Queues = { "TAX", "GEN" } }, deadline: Soon()))).Presence;
        Assert.Equal(("ana", "MAIN", "4", PresenceState.Available, ""), (signedIn.Attendant, signedIn.Branch, signedIn.Desk, signedIn.State, signedIn.TicketId));
        Assert.Equal(["GEN", "TAX"], signedIn.Queues);
        Assert.Equal(signedIn.Since, signedIn.SignedInAt);
        var paused = (await Call(client.PauseAsync(new PauseRequest { Attendant = "ana", Reason = "training" }, deadline: Soon()))).Presence;
        Assert.Equal((PresenceState.Paused, "training"), (paused.State, paused.PauseReason));
        var listed = await Call(client.ListPresenceAsync(new ListPresenceRequest { Branch = "MAIN" }, deadline: Soon()));
        Assert.Equal([paused], listed.Attendants);

        await Call(client.EnqueueAsync(new EnqueueRequest { RequestId = "w", Queue = "GEN" }, deadline: Soon()));
        await AssertStatusAsync(StatusCode.FailedPrecondition, "attendant_paused: ", () => Call(client.CallNextAsync(new CallNextRequest { Queue = "GEN", Attendant = "ana", Desk = "4" }, deadline: Soon())));
        await AssertStatusAsync(StatusCode.FailedPrecondition, "desk_taken: ", () => Call(client.SignInAsync(new SignInRequest { Attendant = "bob", Desk = "4", Queues = { "GEN" } }, deadline: Soon())));
        await AssertStatusAsync(StatusCode.FailedPrecondition, "unknown_queue: ", () => Call(client.SignInAsync(new SignInRequest { Attendant = "bob", Desk = "5", Queues = { "NOPE" } }, deadline: Soon())));
        await AssertStatusAsync(StatusCode.FailedPrecondition, "not_signed_in: ", () => Call(client.PauseAsync(new PauseRequest { Attendant = "bob", Reason = "break" }, deadline: Soon())));
        await AssertStatusAsync(StatusCode.InvalidArgument, "queues: ", () => Call(client.SignInAsync(new SignInRequest { Attendant = "bob", Desk = "5" }, deadline: Soon())));
        await AssertStatusAsync(StatusCode.InvalidArgument, "reason: ", () => Call(client.PauseAsync(new PauseRequest { Attendant = "ana" }, deadline: Soon())));
        var back = (await Call(client.UnpauseAsync(new UnpauseRequest { Attendant = "ana" }, deadline: Soon()))).Presence;
        await AssertStatusAsync(StatusCode.FailedPrecondition, "not_paused: ", () => Call(client.UnpauseAsync(new UnpauseRequest { Attendant = "ana" }, deadline: Soon())));
        var gone = (await Call(client.SignOutAsync(new SignOutRequest { Attendant = "ana" }, deadline: Soon()))).Presence;
        Assert.Equal((PresenceState.SignedOut, "4", signedIn.SignedInAt), (gone.State, gone.Desk, gone.SignedInAt));
        Assert.Empty((await Call(client.ListPresenceAsync(new ListPresenceRequest(), deadline: Soon()))).Attendants);

        // Watched for TAX: the presence events of a profile holding TAX, not GEN's enqueue.
        var events = new List<QueueEvent>();
        using (var watch = client.Watch(new WatchRequest { After = start, Queues = { "TAX" } }, deadline: DateTime.UtcNow.AddSeconds(30)))
        {
            await foreach (var item in watch.ResponseStream.ReadAllAsync())
            {
                if (item.Event is { } e)
                {
                    events.Add(e);
                }

                if (events.Count == 4)
                {
                    break;
                }
            }
        }

        Assert.All(events, e => Assert.Equal((EventType.PresenceChanged, "", "MAIN", "ana"), (e.Type, e.Queue, e.Branch, e.Actor)));
        Assert.Equal([signedIn, paused, back, gone], events.Select(e => e.Presence));
    }

    private static Task<string> DefineAsync(QueueBroker.QueueBrokerClient client, string code, string timeZone = "UTC") =>
        client.DefineQueueAsync(code, definition =>
        {
            definition.MaxWait = Duration.FromTimeSpan(TimeSpan.FromMinutes(30));
            definition.RecallLimit = 2;
            definition.RecallMinInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(20));
            definition.TimeZone = timeZone;
        });

    private static async Task AssertStatusAsync(StatusCode expected, string detailPrefix, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, error.StatusCode);
        Assert.StartsWith(detailPrefix, error.Status.Detail);
    }

    private static async Task<WatchResponse> FirstAsync(AsyncServerStreamingCall<WatchResponse> stream)
    {
        using (stream)
        {
            await foreach (var message in stream.ResponseStream.ReadAllAsync())
            {
                return message;
            }
        }

        throw new InvalidOperationException("the stream ended");
    }
}
