using System.Text.Json;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// <c>/hubs/queues</c> driven by the official JavaScript client against Realtime in-process and the
/// run's real Broker: security, concurrent commands, and snapshot + events matching the Broker.
/// </summary>
public sealed class QueuesHubTests : IAsyncLifetime
{
    private RealtimeFactory _realtime = null!;
    private QueueBroker.QueueBrokerClient _broker = null!;
    private SignalRPeer _peer = null!;

    // Messages read for one connection while waiting for another's.
    private readonly Dictionary<string, Queue<SignalRPeer.PushedMessage>> _backlog = [];

    public async Task InitializeAsync()
    {
        var broker = await TestServers.GetBrokerAsync();
        _broker = broker.CreateClient();
        _realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress);
        _peer = SignalRPeer.Start();
    }

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        await _realtime.DisposeAsync();
    }

    [Fact]
    public async Task Connecting_without_a_token_is_refused()
    {
        var answer = await _peer.ConnectAsync("anonymous", _realtime.QueuesHub, accessToken: null, "QueueEvent");

        Assert.False(answer.Ok);
        Assert.Contains("401", answer.Error);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        using var other = await RealtimeFactory.StartAsync(new Uri(_realtime.Settings["services:broker:grpc:0"]!));
        var forged = other.TokenFor("mallory", "Admin", []);

        var answer = await _peer.ConnectAsync("forged", _realtime.QueuesHub, forged, "QueueEvent");

        Assert.False(answer.Ok);
        Assert.Contains("401", answer.Error);
    }

    [Fact]
    public async Task An_attendant_subscribing_to_a_queue_they_do_not_serve_is_refused()
    {
        var served = await _broker.DefineQueueAsync();
        var other = await _broker.DefineQueueAsync();
        await ConnectAsync("a", "ana", "Attendant", [served]);

        var refused = await _peer.InvokeAsync("a", "Subscribe", other);
        var allowed = await _peer.InvokeAsync("a", "Subscribe", served);

        Assert.False(refused.Ok);
        Assert.Contains($"forbidden: You do not serve queue {other}", refused.Error);
        Assert.True(allowed.Ok, allowed.Error);
    }

    [Fact]
    public async Task An_attendant_calling_Move_or_Remove_is_refused_and_the_queue_is_unchanged()
    {
        var queue = await _broker.DefineQueueAsync();
        var first = await _broker.EnqueueAsync(queue, _realtime.Encryptor);
        var second = await _broker.EnqueueAsync(queue, _realtime.Encryptor);
        await ConnectAsync("a", "ana", "Attendant", [queue]);
        await ConnectAsync("s", "sam", "Supervisor", [queue]);

        var move = await _peer.InvokeAsync("a", "Move", second.Id, 1);
        var remove = await _peer.InvokeAsync("a", "Remove", second.Id, "duplicate");

        Assert.False(move.Ok);
        Assert.Contains("forbidden: Only supervisors and admins may move tickets", move.Error);
        Assert.False(remove.Ok);
        Assert.Contains("forbidden", remove.Error);
        var unchanged = await _broker.GetQueueAsync(queue);
        Assert.Equal([first.Id, second.Id], unchanged.Waiting.Select(w => w.Ticket.Id));

        var supervisorMove = await _peer.InvokeAsync("s", "Move", second.Id, 1);
        Assert.True(supervisorMove.Ok, supervisorMove.Error);
        var moved = await _broker.GetQueueAsync(queue);
        Assert.Equal([second.Id, first.Id], moved.Waiting.Select(w => w.Ticket.Id));
    }

    [Fact]
    public async Task Broker_refusals_come_back_as_clear_hub_errors()
    {
        var queue = await _broker.DefineQueueAsync();
        var ticket = await _broker.EnqueueAsync(queue, _realtime.Encryptor);
        await ConnectAsync("a", "ana", "Attendant", [queue], desk: "D1");

        var complete = await _peer.InvokeAsync("a", "Complete", ticket.Id, "served");
        var noDesk = await _peer.InvokeAsync("a", "Recall", "no-such-ticket");

        Assert.False(complete.Ok);
        Assert.Contains("ticket_not_serving: That ticket is not being served.", complete.Error);
        Assert.False(noDesk.Ok);
        Assert.Contains("unknown_ticket", noDesk.Error);
    }

    [Fact]
    public async Task Two_attendants_calling_next_at_the_same_moment_get_different_tickets()
    {
        var queue = await _broker.DefineQueueAsync();
        for (var i = 0; i < 3; i++)
        {
            await _broker.EnqueueAsync(queue, _realtime.Encryptor);
        }

        await ConnectAsync("a", "ana", "Attendant", [queue]);
        await ConnectAsync("b", "bob", "Attendant", [queue]);

        for (var round = 0; round < 3; round++)
        {
            var answers = await _peer.InvokeAllAsync(("a", "CallNext", [queue, $"A{round}"]), ("b", "CallNext", [queue, $"B{round}"]));
            var called = answers.Where(a => a.Ok && a.Result.ValueKind == JsonValueKind.Object).Select(a => a.Result.GetProperty("id").GetString()).ToList();
            Assert.Equal(called.Distinct().Count(), called.Count);
            if (round == 0)
            {
                Assert.True(called.Count == 2, string.Join(" | ", answers.Select(a => a.Ok ? a.Result.GetRawText() : a.Error)));
            }

            // Free both attendants for the next round.
            var snapshot = await _broker.GetQueueAsync(queue);
            foreach (var active in snapshot.Active)
            {
                await _broker.StartServiceAsync(active.Id, active.Attendant);
                await _broker.CompleteAsync(active.Id, active.Attendant);
            }
        }
    }

    [Fact]
    public async Task Snapshot_plus_events_equals_the_Broker_state_after_a_burst_of_concurrent_enqueues_and_calls()
    {
        var queue = await _broker.DefineQueueAsync();
        await ConnectAsync("watcher", "wendy", "Supervisor", [queue]);

        // The subscription lands in the middle of the burst.
        var burst = BurstAsync(queue, enqueues: 120, attendants: 4);
        await Task.Delay(300);
        var subscribed = await _peer.InvokeAsync("watcher", "Subscribe", queue);
        Assert.True(subscribed.Ok, subscribed.Error);
        await burst;
        var marker = await _broker.EnqueueAsync(queue, _realtime.Encryptor);

        var snapshotCursor = subscribed.Result.GetProperty("cursor").GetUInt64();
        var received = await ReceiveUntilAsync("watcher", marker.Id);
        var expected = await _broker.EventsAsync(queue, snapshotCursor, received[^1].GetProperty("cursor").GetUInt64());

        Assert.Equal(expected.Select(e => e.Cursor), received.Select(e => e.GetProperty("cursor").GetUInt64()));
        Assert.Equal(expected.Select(e => e.Ticket?.Id), received.Select(e => e.GetProperty("ticket").GetProperty("id").GetString()));

        var state = QueueModel.From(subscribed.Result);
        foreach (var e in received)
        {
            state.Apply(e);
        }

        var broker = await _broker.GetQueueAsync(queue);
        Assert.Equal(broker.Waiting.Select(w => w.Ticket.Id).Order(), state.Waiting.Order());
        Assert.Equal(broker.Active.Select(t => $"{t.Id}:{t.State}").Order(), state.Active.Select(kv => $"{kv.Key}:{kv.Value}").Order());
        Assert.Equal(broker.Parked.Select(t => t.Id).Order(), state.Parked.Order());
    }

    [Fact]
    public async Task Two_Realtime_instances_side_by_side_each_deliver_every_event_without_a_backplane()
    {
        var queue = await _broker.DefineQueueAsync();
        await using var second = await RealtimeFactory.StartAsync(
            new Uri(_realtime.Settings["services:broker:grpc:0"]!),
            _realtime.Settings.Where(s => s.Key.StartsWith("Security:", StringComparison.Ordinal)).ToDictionary());
        await ConnectAsync("one", "ana", "Attendant", [queue]);
        var token = second.TokenFor(TestServers.UniqueName("bob"), "Attendant", [queue], "D2");
        Assert.True((await _peer.ConnectAsync("two", second.QueuesHub, token, "QueueEvent")).Ok);
        Assert.True((await _peer.InvokeAsync("one", "Subscribe", queue)).Ok);
        Assert.True((await _peer.InvokeAsync("two", "Subscribe", queue)).Ok);

        var ticket = await _broker.EnqueueAsync(queue, _realtime.Encryptor);
        var called = await _peer.InvokeAsync("two", "CallNext", queue, null);
        Assert.True(called.Ok, called.Error);

        var viaOne = await ReceiveUntilTypeAsync("one", "called");
        var viaTwo = await ReceiveUntilTypeAsync("two", "called");
        Assert.Equal(viaOne.Select(e => e.GetProperty("cursor").GetUInt64()), viaTwo.Select(e => e.GetProperty("cursor").GetUInt64()));
        Assert.Equal(["enqueued", "called"], viaOne.Select(e => e.GetProperty("type").GetString()));
        Assert.All(viaOne, e => Assert.Equal(ticket.Id, e.GetProperty("ticket").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Staff_see_the_customer_name_and_the_calling_board_never_does()
    {
        var queue = await _broker.DefineQueueAsync();
        await ConnectAsync("a", "ana", "Attendant", [queue], desk: "D7");
        Assert.True((await _peer.ConnectAsync("board", _realtime.DisplayHub, null, "NowCalling")).Ok);
        Assert.True((await _peer.InvokeAsync("a", "Subscribe", queue)).Ok);
        var board = await _peer.InvokeAsync("board", "Subscribe", queue);
        Assert.True(board.Ok, board.Error);

        var ticket = await _broker.EnqueueAsync(queue, _realtime.Encryptor, "Joana Secret-Name");
        var called = await _peer.InvokeAsync("a", "CallNext", queue, null);

        Assert.True(called.Ok, called.Error);
        Assert.Equal("Joana Secret-Name", called.Result.GetProperty("customerName").GetString());
        var enqueued = (await ReceiveUntilAsync("a", ticket.Id))[^1];
        Assert.Equal("Joana Secret-Name", enqueued.GetProperty("ticket").GetProperty("customerName").GetString());

        var nowCalling = await NextAsync("board", "NowCalling");
        Assert.Equal(["calledAt", "desk", "number", "queue"], nowCalling.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(ticket.Number, nowCalling.GetProperty("number").GetString());
        Assert.Equal("D7", nowCalling.GetProperty("desk").GetString());
        Assert.DoesNotContain("Joana", nowCalling.GetRawText());
        Assert.DoesNotContain("Joana", board.Result.GetRawText());
    }

    private async Task ConnectAsync(string connection, string userName, string role, string[] queues, string? desk = "D1")
    {
        // The Broker holds one active ticket per attendant across queues: names are unique per test.
        var token = _realtime.TokenFor(TestServers.UniqueName(userName), role, queues, desk);
        var answer = await _peer.ConnectAsync(connection, _realtime.QueuesHub, token, "QueueEvent");
        Assert.True(answer.Ok, answer.Error);
    }

    /// <summary>Concurrent enqueues while attendants call, start and complete as fast as they can.</summary>
    private async Task BurstAsync(string queue, int enqueues, int attendants)
    {
        var remaining = enqueues;
        var producers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await _broker.EnqueueAsync(queue, _realtime.Encryptor);
            }
        }));
        var done = 0;
        var callers = Enumerable.Range(0, attendants).Select(i => Task.Run(async () =>
        {
            var attendant = $"burst-{i}";
            while (Volatile.Read(ref done) == 0)
            {
                if (await _broker.CallNextAsync(queue, attendant, $"desk-{i}") is { } ticket)
                {
                    await _broker.StartServiceAsync(ticket.Id, attendant);
                    if (i % 2 == 0)
                    {
                        await _broker.CompleteAsync(ticket.Id, attendant);
                    }
                    else
                    {
                        // Odd attendants leave one ticket serving and stop, so the end state has active tickets.
                        return;
                    }
                }
                else
                {
                    await Task.Delay(5);
                }
            }
        })).ToList();
        await Task.WhenAll(producers);
        Volatile.Write(ref done, 1);
        await Task.WhenAll(callers);
    }

    /// <summary>The QueueEvents received on <paramref name="connection"/> up to the one about <paramref name="ticketId"/>.</summary>
    private async Task<List<JsonElement>> ReceiveUntilAsync(string connection, string ticketId)
    {
        var events = new List<JsonElement>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var message = await NextMessageAsync(connection, timeout.Token);
            if (message.Method != "QueueEvent")
            {
                continue;
            }

            events.Add(message.Data);
            if (message.Data.TryGetProperty("ticket", out var ticket) && ticket.ValueKind == JsonValueKind.Object && ticket.GetProperty("id").GetString() == ticketId)
            {
                return events;
            }
        }
    }

    private async Task<List<JsonElement>> ReceiveUntilTypeAsync(string connection, string type)
    {
        var events = new List<JsonElement>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (events.Count == 0 || events[^1].GetProperty("type").GetString() != type)
        {
            var message = await NextMessageAsync(connection, timeout.Token);
            if (message.Method == "QueueEvent")
            {
                events.Add(message.Data);
            }
        }

        return events;
    }

    private async Task<JsonElement> NextAsync(string connection, string method)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var message = await NextMessageAsync(connection, timeout.Token);
            if (message.Method == method)
            {
                return message.Data;
            }
        }
    }

    private async Task<SignalRPeer.PushedMessage> NextMessageAsync(string connection, CancellationToken cancellationToken)
    {
        if (_backlog.TryGetValue(connection, out var held) && held.TryDequeue(out var earlier))
        {
            return earlier;
        }

        while (true)
        {
            var message = await _peer.Messages.Reader.ReadAsync(cancellationToken);
            if (message.Connection == connection)
            {
                return message;
            }

            if (!_backlog.TryGetValue(message.Connection, out var queue))
            {
                _backlog[message.Connection] = queue = new Queue<SignalRPeer.PushedMessage>();
            }

            queue.Enqueue(message);
        }
    }
}
