using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// <c>/hubs/queues</c> driven by the .NET SignalR client against Realtime in-process and the run's real
/// Broker: security, concurrent commands, and snapshot + events matching the Broker.
/// </summary>
public sealed class QueuesHubTests : RealtimeOnBrokerTests
{
    // The console's snapshot and WaitingPage hold this many waiting tickets at most.
    private const int PageSize = 50;
    [Fact]
    public async Task Connecting_without_a_token_is_refused()
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => HubPeer.ConnectAsync(Realtime.QueuesHub, accessToken: null, "QueueEvent"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        using var other = await RealtimeFactory.StartAsync(new Uri(Realtime.Settings["services:broker:grpc:0"]!));
        var forged = other.TokenFor("mallory", "Admin", []);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => HubPeer.ConnectAsync(Realtime.QueuesHub, forged, "QueueEvent"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task An_attendant_subscribing_to_a_queue_they_do_not_serve_is_refused()
    {
        var served = await Calls.DefineQueueAsync();
        var other = await Calls.DefineQueueAsync();
        var ana = await ConnectAsync("ana", "Attendant", [served]);

        var refused = await Assert.ThrowsAsync<HubException>(() => ana.InvokeAsync("Subscribe", other));
        var allowed = await ana.InvokeAsync("Subscribe", served);

        Assert.Contains($"forbidden: You do not serve queue {other}", refused.Message);
        Assert.Equal(served, allowed.GetProperty("queue").GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_attendant_calling_Move_or_Remove_is_refused_and_the_queue_is_unchanged()
    {
        var queue = await Calls.DefineQueueAsync();
        var first = await Calls.EnqueueAsync(queue, Realtime.Encryptor);
        var second = await Calls.EnqueueAsync(queue, Realtime.Encryptor);
        var attendant = await ConnectAsync("ana", "Attendant", [queue]);
        var supervisor = await ConnectAsync("sam", "Supervisor", [queue]);

        var move = await Assert.ThrowsAsync<HubException>(() => attendant.InvokeAsync("Move", second.Id, 1));
        var remove = await Assert.ThrowsAsync<HubException>(() => attendant.InvokeAsync("Remove", second.Id, "duplicate"));

        Assert.Contains("forbidden: Only supervisors and admins may move tickets", move.Message);
        Assert.Contains("forbidden", remove.Message);
        var unchanged = await Calls.GetQueueAsync(queue);
        Assert.Equal([first.Id, second.Id], unchanged.Waiting.Select(w => w.Ticket.Id));

        await supervisor.InvokeAsync("Move", second.Id, 1);
        var moved = await Calls.GetQueueAsync(queue);
        Assert.Equal([second.Id, first.Id], moved.Waiting.Select(w => w.Ticket.Id));
    }

    [Fact]
    public async Task Broker_refusals_come_back_as_clear_hub_errors()
    {
        var queue = await Calls.DefineQueueAsync();
        var ticket = await Calls.EnqueueAsync(queue, Realtime.Encryptor);
        var ana = await ConnectAsync("ana", "Attendant", [queue], desk: "D1");

        var complete = await Assert.ThrowsAsync<HubException>(() => ana.InvokeAsync("Complete", ticket.Id, "served"));
        var noDesk = await Assert.ThrowsAsync<HubException>(() => ana.InvokeAsync("Recall", "no-such-ticket"));

        Assert.Contains("ticket_not_serving: That ticket is not being served.", complete.Message);
        Assert.Contains("unknown_ticket", noDesk.Message);
    }

    [Fact]
    public async Task Two_attendants_calling_next_at_the_same_moment_get_different_tickets()
    {
        var queue = await Calls.DefineQueueAsync();
        for (var i = 0; i < 3; i++)
        {
            await Calls.EnqueueAsync(queue, Realtime.Encryptor);
        }

        var ana = await ConnectAsync("ana", "Attendant", [queue]);
        var bob = await ConnectAsync("bob", "Attendant", [queue]);

        for (var round = 0; round < 3; round++)
        {
            // Both calls leave at once; each settles on its own, a refusal included.
            var answers = await Task.WhenAll(SettleAsync(ana.InvokeAsync("CallNext", queue, $"A{round}")), SettleAsync(bob.InvokeAsync("CallNext", queue, $"B{round}")));
            var called = answers.Where(a => a.Result.ValueKind == JsonValueKind.Object).Select(a => a.Result.GetProperty("id").GetString()).ToList();
            Assert.Equal(called.Distinct().Count(), called.Count);
            if (round == 0)
            {
                Assert.True(called.Count == 2, string.Join(" | ", answers.Select(a => a.Error ?? a.Result.GetRawText())));
            }

            // Free both attendants for the next round.
            var snapshot = await Calls.GetQueueAsync(queue);
            foreach (var active in snapshot.Active)
            {
                await Calls.StartServiceAsync(active.Id, active.Attendant);
                await Calls.CompleteAsync(active.Id, active.Attendant);
            }
        }
    }

    [Fact]
    public async Task Snapshot_plus_events_equals_the_Broker_state_after_a_burst_of_concurrent_enqueues_and_calls()
    {
        var queue = await Calls.DefineQueueAsync();
        var watcher = await ConnectAsync("wendy", "Supervisor", [queue]);

        // The subscription lands in the middle of the burst; the queue stays within the snapshot's one page,
        // so snapshot plus events must be the whole queue (QueuesHubPagingTests covers longer ones).
        var burst = BurstAsync(queue, enqueues: 45, attendants: 4);
        await Task.Delay(300);
        var subscribed = await watcher.InvokeAsync("Subscribe", queue);
        await burst;
        var marker = await Calls.EnqueueAsync(queue, Realtime.Encryptor);

        var snapshotCursor = subscribed.GetProperty("cursor").GetUInt64();
        var received = await watcher.ReceiveUntilAsync("QueueEvent", e => IsAbout(e, marker.Id));
        var expected = await Calls.EventsAsync(queue, snapshotCursor, received[^1].GetProperty("cursor").GetUInt64());

        Assert.Equal(expected.Select(e => e.Cursor), received.Select(e => e.GetProperty("cursor").GetUInt64()));
        Assert.Equal(expected.Select(e => e.Ticket?.Id), received.Select(e => e.GetProperty("ticket").GetProperty("id").GetString()));

        Assert.Equal(subscribed.GetProperty("waiting").GetArrayLength(), subscribed.GetProperty("waitingTotal").GetInt32());
        var state = QueueModel.From(subscribed);
        foreach (var e in received)
        {
            state.Apply(e);
        }

        var broker = await Calls.GetQueueAsync(queue);
        Assert.Equal(broker.Waiting.Select(w => w.Ticket.Id).Order(), state.Waiting.Order());
        Assert.Equal(broker.Active.Select(t => $"{t.Id}:{t.State}").Order(), state.Active.Select(kv => $"{kv.Key}:{kv.Value}").Order());
        Assert.Equal(broker.Parked.Select(t => t.Id).Order(), state.Parked.Order());
    }

    [Fact]
    public async Task Two_Realtime_instances_side_by_side_each_deliver_every_event_without_a_backplane()
    {
        var queue = await Calls.DefineQueueAsync();
        await using var second = await RealtimeFactory.StartAsync(
            new Uri(Realtime.Settings["services:broker:grpc:0"]!),
            Realtime.Settings.Where(s => s.Key.StartsWith("Security:", StringComparison.Ordinal)).ToDictionary());
        var one = await ConnectAsync("ana", "Attendant", [queue]);
        var two = Track(await HubPeer.ConnectAsync(second.QueuesHub, second.TokenFor(TestServers.UniqueName("bob"), "Attendant", [queue], "D2"), "QueueEvent"));
        await one.InvokeAsync("Subscribe", queue);
        await two.InvokeAsync("Subscribe", queue);

        var ticket = await Calls.EnqueueAsync(queue, Realtime.Encryptor);
        await two.InvokeAsync("CallNext", queue, null);

        var viaOne = await one.ReceiveUntilAsync("QueueEvent", e => IsOfType(e, "called"));
        var viaTwo = await two.ReceiveUntilAsync("QueueEvent", e => IsOfType(e, "called"));
        Assert.Equal(viaOne.Select(e => e.GetProperty("cursor").GetUInt64()), viaTwo.Select(e => e.GetProperty("cursor").GetUInt64()));
        Assert.Equal(["enqueued", "called"], viaOne.Select(e => e.GetProperty("type").GetString()));
        Assert.All(viaOne, e => Assert.Equal(ticket.Id, e.GetProperty("ticket").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Staff_see_the_customer_name_and_the_calling_board_never_does()
    {
        var queue = await Calls.DefineQueueAsync();
        var ana = await ConnectAsync("ana", "Attendant", [queue], desk: "D7");
        var board = Track(await HubPeer.ConnectAsync(Realtime.DisplayHub, accessToken: null, "NowCalling"));
        await ana.InvokeAsync("Subscribe", queue);
        var shown = await board.InvokeAsync("Subscribe", queue);

        var ticket = await Calls.EnqueueAsync(queue, Realtime.Encryptor, "Joana Secret-Name");
        var called = await ana.InvokeAsync("CallNext", queue, null);

        Assert.Equal("Joana Secret-Name", called.GetProperty("customerName").GetString());
        var enqueued = (await ana.ReceiveUntilAsync("QueueEvent", e => IsAbout(e, ticket.Id)))[^1];
        Assert.Equal("Joana Secret-Name", enqueued.GetProperty("ticket").GetProperty("customerName").GetString());

        var nowCalling = await board.NextAsync("NowCalling");
        Assert.Equal(["branch", "calledAt", "desk", "number", "queue"], nowCalling.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(ticket.Number, nowCalling.GetProperty("number").GetString());
        Assert.Equal("D7", nowCalling.GetProperty("desk").GetString());
        Assert.DoesNotContain("Joana", nowCalling.GetRawText());
        Assert.DoesNotContain("Joana", shown.GetRawText());
    }

    [Fact]
    public async Task Subscribe_returns_a_bounded_first_page_with_the_totals_and_WaitingPage_the_rest()
    {
        var queue = await Calls.DefineQueueAsync();
        var ids = new List<string>();
        for (var i = 0; i < PageSize + 12; i++)
        {
            ids.Add((await Calls.EnqueueAsync(queue, $"{queue}-{i}")).Id);
        }

        var ana = await ConnectAsync("ana", "Attendant", [queue]);

        var snapshot = await ana.InvokeAsync("Subscribe", queue);
        var rest = await ana.InvokeAsync("WaitingPage", queue, PageSize);
        var past = await ana.InvokeAsync("WaitingPage", queue, 500);

        var first = snapshot.GetProperty("waiting").EnumerateArray().ToList();
        Assert.Equal(PageSize, first.Count);
        Assert.Equal(PageSize + 12, snapshot.GetProperty("waitingTotal").GetInt32());
        Assert.Equal(ids.Take(PageSize), first.Select(w => w.GetProperty("ticket").GetProperty("id").GetString()));
        var second = rest.GetProperty("waiting").EnumerateArray().ToList();
        Assert.Equal(ids.Skip(PageSize), second.Select(w => w.GetProperty("ticket").GetProperty("id").GetString()));
        Assert.Equal(Enumerable.Range(PageSize + 1, 12), second.Select(w => w.GetProperty("position").GetInt32()));
        Assert.Equal((PageSize, PageSize + 12), (rest.GetProperty("offset").GetInt32(), rest.GetProperty("waitingTotal").GetInt32()));
        Assert.Empty(past.GetProperty("waiting").EnumerateArray());
    }

    [Fact]
    public async Task WaitingPage_is_refused_for_a_queue_the_attendant_does_not_serve_or_a_negative_offset()
    {
        var served = await Calls.DefineQueueAsync();
        var other = await Calls.DefineQueueAsync();
        var ana = await ConnectAsync("ana", "Attendant", [served]);

        var elsewhere = await Assert.ThrowsAsync<HubException>(() => ana.InvokeAsync("WaitingPage", other, 0));
        var negative = await Assert.ThrowsAsync<HubException>(() => ana.InvokeAsync("WaitingPage", served, -1));

        Assert.Contains($"forbidden: You do not serve queue {other}", elsewhere.Message);
        Assert.Contains("invalid_argument", negative.Message);
    }

    [Fact]
    public async Task An_attendant_of_NORTH_cannot_follow_or_act_on_MAIN_s_queue_of_the_same_code_and_an_old_token_cannot_reach_NORTH()
    {
        var code = await Calls.DefineQueueAsync();
        await Calls.DefineQueueInAsync("NORTH", code);
        var mainTicket = await Calls.EnqueueAsync(code, Realtime.Encryptor);
        var northTicket = await Calls.EnqueueInAsync("NORTH", code, Realtime.Encryptor);
        var nora = await ConnectAsync("nora", "Attendant", [$"NORTH.{code}"], desk: $"N-{code}", branches: [new("NORTH", "Attendant")]);
        // Issued before branches: no branches claim, its role and bare queue codes are the default branch's.
        var otto = await ConnectAsync("otto", "Attendant", [code], desk: $"M-{code}");

        foreach (var (peer, queue) in new[] { (nora, code), (nora, $"MAIN.{code}"), (otto, $"NORTH.{code}") })
        {
            var subscribe = await Assert.ThrowsAsync<HubException>(() => peer.InvokeAsync("Subscribe", queue));
            var callNext = await Assert.ThrowsAsync<HubException>(() => peer.InvokeAsync("CallNext", queue, null));
            var page = await Assert.ThrowsAsync<HubException>(() => peer.InvokeAsync("WaitingPage", queue, 0));
            Assert.All([subscribe, callNext, page], refused => Assert.Contains($"forbidden: You do not serve queue {queue}", refused.Message));
        }

        foreach (var (peer, ticket) in new[] { (nora, mainTicket), (otto, northTicket) })
        {
            foreach (var command in new[] { "Recall", "StartService", "MarkNoShow", "Park" })
            {
                var refused = await Assert.ThrowsAsync<HubException>(() => peer.InvokeAsync(command, ticket.Id));
                Assert.Contains("forbidden: You do not serve queue", refused.Message);
            }

            var call = await Assert.ThrowsAsync<HubException>(() => peer.InvokeAsync("CallTicket", ticket.Id, null));
            Assert.Contains("forbidden", call.Message);
        }

        Assert.Equal([mainTicket.Id], (await Calls.GetQueueAsync(code)).Waiting.Select(w => w.Ticket.Id));
        Assert.Equal([northTicket.Id], (await Calls.GetQueueInAsync("NORTH", code)).Waiting.Select(w => w.Ticket.Id));

        // Each works in their own branch, by address or (the old token) by bare code.
        var northSnapshot = await nora.InvokeAsync("Subscribe", $"NORTH.{code}");
        var northCalled = await nora.InvokeAsync("CallNext", $"NORTH.{code}", null);
        var mainSnapshot = await otto.InvokeAsync("Subscribe", code);
        var mainCalled = await otto.InvokeAsync("CallNext", $"MAIN.{code}", null);
        Assert.Equal(("NORTH", $"NORTH.{code}"), (northSnapshot.GetProperty("queue").GetProperty("branch").GetString(), northSnapshot.GetProperty("queue").GetProperty("address").GetString()));
        Assert.Equal(("MAIN", $"MAIN.{code}"), (mainSnapshot.GetProperty("queue").GetProperty("branch").GetString(), mainSnapshot.GetProperty("queue").GetProperty("address").GetString()));
        Assert.Equal((northTicket.Id, "NORTH"), (northCalled.GetProperty("id").GetString(), northCalled.GetProperty("branch").GetString()));
        Assert.Equal((mainTicket.Id, "MAIN"), (mainCalled.GetProperty("id").GetString(), mainCalled.GetProperty("branch").GetString()));
    }

    [Fact]
    public async Task A_supervisor_of_NORTH_cannot_Move_or_Remove_in_SOUTH_where_they_attend_and_an_Admin_can_in_every_branch()
    {
        var code = await Calls.DefineQueueInAsync("NORTH", BrokerCalls.NewQueueCode());
        await Calls.DefineQueueInAsync("SOUTH", code);
        var north = new[] { await Calls.EnqueueInAsync("NORTH", code, Realtime.Encryptor), await Calls.EnqueueInAsync("NORTH", code, Realtime.Encryptor) };
        var south = new[] { await Calls.EnqueueInAsync("SOUTH", code, Realtime.Encryptor), await Calls.EnqueueInAsync("SOUTH", code, Realtime.Encryptor) };
        var sam = await ConnectAsync("sam", "Supervisor", [$"NORTH.{code}", $"SOUTH.{code}"], branches: [new("NORTH", "Supervisor"), new("SOUTH", "Attendant")]);
        var ada = await ConnectAsync("ada", "Admin", []);

        var move = await Assert.ThrowsAsync<HubException>(() => sam.InvokeAsync("Move", south[1].Id, 1));
        var remove = await Assert.ThrowsAsync<HubException>(() => sam.InvokeAsync("Remove", south[1].Id, "duplicate"));
        Assert.Contains("forbidden: Only supervisors and admins may move tickets in branch SOUTH", move.Message);
        Assert.Contains("forbidden: Only supervisors and admins may remove tickets in branch SOUTH", remove.Message);
        Assert.Equal(south.Select(t => t.Id), (await Calls.GetQueueInAsync("SOUTH", code)).Waiting.Select(w => w.Ticket.Id));

        // As an attendant of SOUTH, sam still serves its queue there.
        Assert.Equal($"SOUTH.{code}", (await sam.InvokeAsync("Subscribe", $"SOUTH.{code}")).GetProperty("queue").GetProperty("address").GetString());

        await sam.InvokeAsync("Move", north[1].Id, 1);
        Assert.Equal([north[1].Id, north[0].Id], (await Calls.GetQueueInAsync("NORTH", code)).Waiting.Select(w => w.Ticket.Id));

        await ada.InvokeAsync("Move", south[1].Id, 1);
        await ada.InvokeAsync("Remove", north[0].Id, "duplicate");
        Assert.Equal([south[1].Id, south[0].Id], (await Calls.GetQueueInAsync("SOUTH", code)).Waiting.Select(w => w.Ticket.Id));
        Assert.Equal([north[1].Id], (await Calls.GetQueueInAsync("NORTH", code)).Waiting.Select(w => w.Ticket.Id));
        Assert.Equal($"SOUTH.{code}", (await ada.InvokeAsync("Subscribe", $"SOUTH.{code}")).GetProperty("queue").GetProperty("address").GetString());
    }

    [Fact]
    public async Task ListQueues_gives_the_served_queues_of_every_branch_the_caller_holds_and_an_Admin_every_branchs_each_with_its_branch_and_address()
    {
        var code = await Calls.DefineQueueAsync();
        await Calls.DefineQueueInAsync("NORTH", code);
        await Calls.DefineQueueInAsync("SOUTH", code);
        var rita = await ConnectAsync("rita", "Supervisor", [code, $"NORTH.{code}", $"SOUTH.{code}"], branches: [new("MAIN", "Attendant"), new("NORTH", "Supervisor")]);
        var otto = await ConnectAsync("otto", "Attendant", [code, $"NORTH.{code}"]);

        var ritas = await rita.InvokeAsync("ListQueues");
        var ottos = await otto.InvokeAsync("ListQueues");

        Assert.Equal([("MAIN", $"MAIN.{code}", code), ("NORTH", $"NORTH.{code}", code)], ritas.EnumerateArray().Select(Listed));
        Assert.Equal([("MAIN", $"MAIN.{code}", code)], ottos.EnumerateArray().Select(Listed));

        // An Admin's token lists no branch: the Broker's own list of branches says where queues are.
        var ada = await ConnectAsync("ada", "Admin", []);
        var adas = (await ada.InvokeAsync("ListQueues")).EnumerateArray().Select(Listed).Where(q => q.Item3 == code);
        Assert.Equal([("MAIN", $"MAIN.{code}", code), ("NORTH", $"NORTH.{code}", code), ("SOUTH", $"SOUTH.{code}", code)], adas);
    }

    [Fact]
    public async Task An_event_in_NORTH_never_reaches_a_subscriber_or_a_board_of_MAIN_s_queue_of_the_same_code()
    {
        var code = await Calls.DefineQueueAsync();
        await Calls.DefineQueueInAsync("NORTH", code);
        var main = await ConnectAsync("mia", "Attendant", [code]);
        var north = await ConnectAsync("nils", "Attendant", [$"NORTH.{code}"], branches: [new("NORTH", "Attendant")]);
        var mainBoard = Track(await HubPeer.ConnectAsync(Realtime.DisplayHub, accessToken: null, "NowCalling"));
        var northBoard = Track(await HubPeer.ConnectAsync(Realtime.DisplayHub, accessToken: null, "NowCalling"));
        await main.InvokeAsync("Subscribe", code);
        await north.InvokeAsync("Subscribe", $"NORTH.{code}");
        var mainShown = await mainBoard.InvokeAsync("Subscribe", code);
        var northShown = await northBoard.InvokeAsync("Subscribe", $"NORTH.{code}");
        Assert.Equal(("MAIN", "NORTH"), (mainShown.GetProperty("branch").GetString(), northShown.GetProperty("branch").GetString()));

        // NORTH's ticket is enqueued and called first; MAIN's afterwards, so MAIN's peers would have seen NORTH's by then.
        var northTicket = await Calls.EnqueueInAsync("NORTH", code, Realtime.Encryptor);
        var northCalled = await north.InvokeAsync("CallNext", $"NORTH.{code}", $"N-{code}");
        var mainTicket = await Calls.EnqueueAsync(code, Realtime.Encryptor);
        var mainCalled = await main.InvokeAsync("CallNext", code, $"M-{code}");

        var mainEvents = await main.ReceiveUntilAsync(HubPeer.QueueEvent, e => IsAbout(e, mainTicket.Id) && IsOfType(e, "called"));
        var northEvents = await north.ReceiveUntilAsync(HubPeer.QueueEvent, e => IsAbout(e, northTicket.Id) && IsOfType(e, "called"));
        Assert.All(mainEvents, e => Assert.Equal(("MAIN", mainTicket.Id), (e.GetProperty("branch").GetString(), e.GetProperty("ticket").GetProperty("id").GetString())));
        Assert.All(northEvents, e => Assert.Equal(("NORTH", northTicket.Id), (e.GetProperty("branch").GetString(), e.GetProperty("ticket").GetProperty("id").GetString())));

        var mainCall = await mainBoard.NextAsync("NowCalling");
        var northCall = await northBoard.NextAsync("NowCalling");
        Assert.Equal((mainCalled.GetProperty("number").GetString(), $"M-{code}", "MAIN"), (mainCall.GetProperty("number").GetString(), mainCall.GetProperty("desk").GetString(), mainCall.GetProperty("branch").GetString()));
        Assert.Equal((northCalled.GetProperty("number").GetString(), $"N-{code}", "NORTH"), (northCall.GetProperty("number").GetString(), northCall.GetProperty("desk").GetString(), northCall.GetProperty("branch").GetString()));
    }

    private async Task<HubPeer> ConnectAsync(string userName, string role, string[] queues, string? desk = "D1", BranchGrant[]? branches = null)
    {
        // The Broker holds one active ticket per attendant across queues: names are unique per test.
        var token = Realtime.TokenFor(TestServers.UniqueName(userName), role, queues, desk, branches ?? []);
        return Track(await HubPeer.ConnectAsync(Realtime.QueuesHub, token, "QueueEvent"));
    }

    private static bool IsAbout(JsonElement e, string ticketId) =>
        e.TryGetProperty("ticket", out var ticket) && ticket.ValueKind == JsonValueKind.Object && ticket.GetProperty("id").GetString() == ticketId;

    private static bool IsOfType(JsonElement e, string type) => e.GetProperty("type").GetString() == type;

    private static (string? Branch, string? Address, string? Code) Listed(JsonElement queue) =>
        (queue.GetProperty("branch").GetString(), queue.GetProperty("address").GetString(), queue.GetProperty("code").GetString());

    private static async Task<(JsonElement Result, string? Error)> SettleAsync(Task<JsonElement> call)
    {
        try
        {
            return (await call, null);
        }
        catch (HubException refused)
        {
            return (default, refused.Message);
        }
    }

    /// <summary>Concurrent enqueues while attendants call, start and complete as fast as they can.</summary>
    private async Task BurstAsync(string queue, int enqueues, int attendants)
    {
        var remaining = enqueues;
        var producers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await Calls.EnqueueAsync(queue, Realtime.Encryptor);
            }
        }));
        var done = 0;
        var callers = Enumerable.Range(0, attendants).Select(i => Task.Run(async () =>
        {
            var attendant = $"burst-{i}";
            while (Volatile.Read(ref done) == 0)
            {
                if (await Calls.CallNextAsync(queue, attendant, $"desk-{i}") is { } ticket)
                {
                    await Calls.StartServiceAsync(ticket.Id, attendant);
                    if (i % 2 == 0)
                    {
                        await Calls.CompleteAsync(ticket.Id, attendant);
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
}
