extern alias broker;

using broker::ServiceQueue.Broker.Model;

namespace ServiceQueue.Tests.Broker;

public sealed class TicketStateMachineTests
{
    private static readonly Dictionary<string, string[]> AllowedFrom = new()
    {
        ["CallTicket"] = ["waiting"],
        ["Recall"] = ["called"],
        ["StartService"] = ["called"],
        ["Complete"] = ["serving"],
        ["MarkNoShow"] = ["called"],
        ["Park"] = ["waiting", "called"],
        ["Resume"] = ["parked"],
        ["Transfer"] = ["waiting", "called", "serving"],
        ["Move"] = ["waiting"],
        ["Remove"] = ["waiting", "called", "parked"],
    };

    public static readonly TheoryData<string, string> IllegalTransitions = BuildIllegalTransitions();

    [Theory]
    [MemberData(nameof(IllegalTransitions))]
    public async Task Every_illegal_transition_is_refused_with_failed_precondition_and_changes_nothing(string state, string operation)
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN", d => d with { RecallMinInterval = TimeSpan.Zero });
        await broker.DefineQueueAsync("OTH");
        var ticket = await BringToAsync(broker, state);
        var before = await broker.Store.ReadEventsAsync(0, 0, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<BrokerException>(() => RunAsync(broker, operation, ticket.Id));

        Assert.Equal(BrokerErrorCode.FailedPrecondition, refused.Code);
        Assert.StartsWith("ticket_not_", refused.Reason);
        Assert.Contains(state, refused.Detail);
        var after = await broker.Store.GetTicketAsync(ticket.Id, null, CancellationToken.None);
        Assert.Equal(state, StateName(after.Ticket.State));
        Assert.Equal(before.Last, (await broker.Store.ReadEventsAsync(0, 0, CancellationToken.None)).Last);
    }

    [Fact]
    public async Task A_ticket_goes_through_its_whole_life_with_exactly_one_event_per_change()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN", d => d with { RecallMinInterval = TimeSpan.FromSeconds(10) });
        var store = broker.Store;
        var ct = CancellationToken.None;
        var start = (await store.ReadEventsAsync(0, 0, ct)).Last;

        var ticket = (await broker.EnqueueAsync("GEN", "life")).Ticket;
        await store.ParkAsync(ticket.Id, "sup", ct);
        await store.ResumeAsync(ticket.Id, "sup", ct);
        Assert.Equal(ticket.Id, (await store.CallNextAsync("GEN", "ana", "d1", ct))!.Id);
        broker.Clock.Advance(TimeSpan.FromSeconds(10));
        var recalled = await store.RecallAsync(ticket.Id, "ana", ct);
        var serving = await store.StartServiceAsync(ticket.Id, "ana", ct);
        broker.Clock.Advance(TimeSpan.FromMinutes(3));
        var completed = await store.CompleteAsync(ticket.Id, "ana", "served", ct);

        Assert.Equal(1, recalled.RecallCount);
        Assert.Equal(TicketState.Serving, serving.State);
        Assert.Equal(TicketState.Completed, completed.State);
        Assert.Equal("served", completed.Outcome);
        Assert.Equal(broker.Clock.GetUtcNow(), completed.EndedAt);
        Assert.Equal(ticket.EnqueuedAt, completed.EnqueuedAt);
        var events = (await store.ReadEventsAsync(start, 100, ct)).Events;
        Assert.Equal(
            [BrokerEventType.Enqueued, BrokerEventType.Parked, BrokerEventType.Resumed, BrokerEventType.Called, BrokerEventType.Recalled, BrokerEventType.Serving, BrokerEventType.Completed],
            events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range((int)start + 1, 7).Select(i => (long)i), events.Select(e => e.Cursor));
        Assert.Equal(completed, events[^1].Ticket! with { Customer = completed.Customer });
        Assert.Equal(completed.Customer.ToArray(), events[^1].Ticket!.Customer.ToArray());

        // The attendant and desk are free again.
        await broker.EnqueueAsync("GEN", "next");
        Assert.NotNull(await store.CallNextAsync("GEN", "ana", "d1", ct));
    }

    [Fact]
    public async Task Recall_is_refused_before_the_minimum_interval_and_beyond_the_limit()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN", d => d with { RecallLimit = 2, RecallMinInterval = TimeSpan.FromSeconds(30) });
        var ticket = (await broker.EnqueueAsync("GEN", "r")).Ticket;
        await broker.Store.CallNextAsync("GEN", "ana", "d1", CancellationToken.None);

        broker.Clock.Advance(TimeSpan.FromSeconds(29));
        var tooSoon = await Assert.ThrowsAsync<BrokerException>(() => broker.Store.RecallAsync(ticket.Id, "ana", CancellationToken.None));
        Assert.Equal("recall_too_soon", tooSoon.Reason);

        broker.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await broker.Store.RecallAsync(ticket.Id, "ana", CancellationToken.None)).RecallCount);
        broker.Clock.Advance(TimeSpan.FromSeconds(30));
        var second = await broker.Store.RecallAsync(ticket.Id, "ana", CancellationToken.None);
        Assert.Equal(2, second.RecallCount);
        Assert.Equal(broker.Clock.GetUtcNow(), second.LastCalledAt);

        broker.Clock.Advance(TimeSpan.FromMinutes(5));
        var limit = await Assert.ThrowsAsync<BrokerException>(() => broker.Store.RecallAsync(ticket.Id, "ana", CancellationToken.None));
        Assert.Equal(BrokerErrorCode.FailedPrecondition, limit.Code);
        Assert.Equal("recall_limit_reached", limit.Reason);

        // After the last recall the attendant marks the no-show, which frees them and the desk.
        var noShow = await broker.Store.MarkNoShowAsync(ticket.Id, "ana", CancellationToken.None);
        Assert.Equal(TicketState.NoShow, noShow.State);
        await broker.EnqueueAsync("GEN", "r2");
        Assert.NotNull(await broker.Store.CallNextAsync("GEN", "bob", "d1", CancellationToken.None));
    }

    [Fact]
    public async Task An_attendant_or_a_desk_holds_at_most_one_active_ticket_and_only_the_holder_acts_on_it()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        var first = (await broker.EnqueueAsync("GEN", "a")).Ticket;
        var second = (await broker.EnqueueAsync("GEN", "b")).Ticket;
        var ct = CancellationToken.None;
        await broker.Store.CallTicketAsync(first.Id, "ana", "d1", ct);

        Assert.Equal("attendant_busy", (await Assert.ThrowsAsync<BrokerException>(() => broker.Store.CallTicketAsync(second.Id, "ana", "d2", ct))).Reason);
        Assert.Equal("desk_busy", (await Assert.ThrowsAsync<BrokerException>(() => broker.Store.CallNextAsync("GEN", "bob", "d1", ct))).Reason);
        Assert.Equal("not_holder", (await Assert.ThrowsAsync<BrokerException>(() => broker.Store.StartServiceAsync(first.Id, "bob", ct))).Reason);
        Assert.Equal("not_holder", (await Assert.ThrowsAsync<BrokerException>(() => broker.Store.MarkNoShowAsync(first.Id, "bob", ct))).Reason);

        var other = await broker.Store.CallNextAsync("GEN", "bob", "d2", ct);
        Assert.Equal(second.Id, other!.Id);
        Assert.Equal(2, (await broker.Store.GetQueueAsync("GEN", ct)).Active.Count);
    }

    [Fact]
    public async Task Park_takes_a_ticket_out_of_the_calling_order_and_resume_puts_it_back_in_its_place()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            broker.Clock.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await broker.EnqueueAsync("GEN", $"p{i}")).Ticket.Id);
        }

        var ct = CancellationToken.None;
        var parked = await broker.Store.ParkAsync(ids[1], "sup", ct);
        Assert.Equal(TicketState.Parked, parked.State);
        var snapshot = await broker.Store.GetQueueAsync("GEN", ct);
        Assert.Equal([ids[0], ids[2], ids[3]], snapshot.Waiting.Select(w => w.Ticket.Id));
        Assert.Equal([ids[1]], snapshot.Parked.Select(t => t.Id));
        Assert.Equal(ids[0], (await broker.Store.CallNextAsync("GEN", "ana", "d1", ct))!.Id);

        // A called ticket can be parked too (the customer stepped away); that frees the desk.
        var called = await broker.Store.ParkAsync(ids[0], "ana", ct);
        Assert.Equal("", called.Attendant);

        await broker.Store.ResumeAsync(ids[1], "sup", ct);
        await broker.Store.ResumeAsync(ids[0], "sup", ct);
        snapshot = await broker.Store.GetQueueAsync("GEN", ct);
        Assert.Equal(ids, snapshot.Waiting.Select(w => w.Ticket.Id));
        Assert.Empty(snapshot.Parked);
        Assert.Equal(ids[0], (await broker.Store.CallNextAsync("GEN", "ana", "d1", ct))!.Id);
    }

    [Fact]
    public async Task Move_puts_a_ticket_at_the_requested_place_keeping_its_class()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN", d => d with { PriorityRun = 1 });
        var ct = CancellationToken.None;
        var n = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            n.Add((await broker.EnqueueAsync("GEN", $"n{i}")).Ticket.Id);
        }

        var moved = await broker.Store.MoveAsync(n[4], 2, "sup", ct);
        Assert.Equal(2, moved.Position);
        Assert.Equal([n[0], n[4], n[1], n[2], n[3]], (await broker.Store.GetQueueAsync("GEN", ct)).Waiting.Select(w => w.Ticket.Id));

        Assert.Equal(1, (await broker.Store.MoveAsync(n[3], 1, "sup", ct)).Position);
        Assert.Equal(5, (await broker.Store.MoveAsync(n[3], 99, "sup", ct)).Position);
        Assert.Equal([n[0], n[4], n[1], n[2], n[3]], (await broker.Store.GetQueueAsync("GEN", ct)).Waiting.Select(w => w.Ticket.Id));

        // With priority tickets waiting (run 1: P N P N ...), a normal ticket asked to place 1 takes
        // the first normal place, 2.
        var p = (await broker.EnqueueAsync("GEN", "p0", PriorityClass.Priority)).Ticket.Id;
        var p1 = (await broker.EnqueueAsync("GEN", "p1", PriorityClass.Priority)).Ticket.Id;
        var toFront = await broker.Store.MoveAsync(n[2], 1, "sup", ct);
        Assert.Equal(2, toFront.Position);
        Assert.Equal([p, n[2], p1, n[0], n[4], n[1], n[3]], (await broker.Store.GetQueueAsync("GEN", ct)).Waiting.Select(w => w.Ticket.Id));
        var events = (await broker.Store.ReadEventsAsync(0, 100, ct)).Events;
        Assert.Equal(4, events.Count(e => e.Type == BrokerEventType.Moved));
        Assert.Equal(2, events[^1].Position);
    }

    [Fact]
    public async Task Transfer_places_the_ticket_at_the_end_or_the_front_of_the_target_queue_and_frees_the_attendant()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        await broker.DefineQueueAsync("CASH");
        var ct = CancellationToken.None;
        var c1 = (await broker.EnqueueAsync("CASH", "c1")).Ticket.Id;
        var c2 = (await broker.EnqueueAsync("CASH", "c2")).Ticket.Id;
        var g1 = (await broker.EnqueueAsync("GEN", "g1")).Ticket;
        var g2 = (await broker.EnqueueAsync("GEN", "g2")).Ticket;
        await broker.Store.CallNextAsync("GEN", "ana", "d1", ct);
        await broker.Store.StartServiceAsync(g1.Id, "ana", ct);

        var atEnd = await broker.Store.TransferAsync(g1.Id, "CASH", toFront: false, "ana", ct);
        var atFront = await broker.Store.TransferAsync(g2.Id, "CASH", toFront: true, "sup", ct);

        Assert.Equal(("CASH", TicketState.Waiting, "GEN", 1, ""), (atEnd.Queue, atEnd.State, atEnd.TransferredFrom, atEnd.TransferCount, atEnd.Attendant));
        Assert.Equal(g1.Number, atEnd.Number);
        Assert.Equal(broker.Clock.GetUtcNow(), atEnd.WaitingSince);
        Assert.Equal([g2.Id, c1, c2, g1.Id], (await broker.Store.GetQueueAsync("CASH", ct)).Waiting.Select(w => w.Ticket.Id));
        var gen = await broker.Store.GetQueueAsync("GEN", ct);
        Assert.Empty(gen.Waiting);
        Assert.Empty(gen.Active);
        var transferred = (await broker.Store.ReadEventsAsync(0, 100, ct)).Events.Where(e => e.Type == BrokerEventType.Transferred).ToList();
        Assert.Equal([("GEN", "CASH"), ("GEN", "CASH")], transferred.Select(e => (e.Queue, e.TargetQueue)));
        // Each event also carries the ticket as it was in GEN: served by ana at d1, or still waiting.
        Assert.Equal(
            [("GEN", TicketState.Serving, "ana", "d1", true), ("GEN", TicketState.Waiting, "", "", false)],
            transferred.Select(e => (e.Before!.Queue, e.Before.State, e.Before.Attendant, e.Before.Desk, e.Before.ServingAt is not null)));

        // ana is free; the same queue, an unknown one and a closed one are refused.
        await broker.EnqueueAsync("GEN", "g3");
        Assert.NotNull(await broker.Store.CallNextAsync("GEN", "ana", "d1", ct));
        Assert.Equal("same_queue", (await Assert.ThrowsAsync<BrokerException>(() => broker.Store.TransferAsync(c1, "CASH", false, "", ct))).Reason);
        Assert.Equal("unknown_queue", (await Assert.ThrowsAsync<BrokerException>(() => broker.Store.TransferAsync(c1, "NOPE", false, "", ct))).Reason);
        await broker.DefineQueueAsync("GEN", d => d with { Open = false });
        Assert.Equal("queue_closed", (await Assert.ThrowsAsync<BrokerException>(() => broker.Store.TransferAsync(c1, "GEN", false, "", ct))).Reason);
    }

    [Fact]
    public async Task Transfer_moves_a_ticket_between_queues_of_its_branch_and_refuses_another_branch()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN", d => d with { Branch = "NORTH" });
        await broker.DefineQueueAsync("CASH", d => d with { Branch = "NORTH" });
        await broker.DefineQueueAsync("CASH");
        var store = broker.Store;
        var ct = CancellationToken.None;
        var north = (await broker.EnqueueInAsync("NORTH", "GEN", "n1")).Ticket;
        var main = (await broker.EnqueueAsync("CASH", "m1")).Ticket;

        var moved = await store.TransferAsync(north.Id, "NORTH", "CASH", toFront: false, "sup", ct);
        Assert.Equal(("CASH", "NORTH", "GEN"), (moved.Queue, moved.Branch, moved.TransferredFrom));
        Assert.Equal([north.Id], (await store.GetQueueAsync("NORTH", "CASH", ct)).Waiting.Select(w => w.Ticket.Id));
        Assert.Equal([main.Id], (await store.GetQueueAsync("CASH", ct)).Waiting.Select(w => w.Ticket.Id));
        var transferred = (await store.ReadEventsAsync(0, 100, ct)).Events.Single(e => e.Type == BrokerEventType.Transferred);
        Assert.Equal(("NORTH", "GEN", "CASH"), (transferred.Branch, transferred.Queue, transferred.TargetQueue));

        // No branch named: the ticket's own office.
        var second = (await broker.EnqueueInAsync("NORTH", "GEN", "n2")).Ticket;
        var within = await store.TransferAsync(second.Id, "", "CASH", toFront: false, "sup", ct);
        Assert.Equal(("CASH", "NORTH"), (within.Queue, within.Branch));
        Assert.Equal([north.Id, second.Id], (await store.GetQueueAsync("NORTH", "CASH", ct)).Waiting.Select(w => w.Ticket.Id));

        // Another office's queue of the same code is not a transfer target, either way; nothing moves.
        var away = await Assert.ThrowsAsync<BrokerException>(() => store.TransferAsync(north.Id, "MAIN", "CASH", false, "sup", ct));
        var back = await Assert.ThrowsAsync<BrokerException>(() => store.TransferAsync(main.Id, "NORTH", "GEN", false, "sup", ct));
        Assert.Equal((BrokerErrorCode.FailedPrecondition, "cross_branch_transfer"), (away.Code, away.Reason));
        Assert.Equal((BrokerErrorCode.FailedPrecondition, "cross_branch_transfer"), (back.Code, back.Reason));
        Assert.Equal([north.Id, second.Id], (await store.GetQueueAsync("NORTH", "CASH", ct)).Waiting.Select(w => w.Ticket.Id));
        Assert.Equal([main.Id], (await store.GetQueueAsync("MAIN", "CASH", ct)).Waiting.Select(w => w.Ticket.Id));
    }

    private static async Task<Ticket> BringToAsync(BrokerHarness broker, string state)
    {
        var store = broker.Store;
        var ct = CancellationToken.None;
        var ticket = (await broker.EnqueueAsync("GEN", "subject")).Ticket;
        switch (state)
        {
            case "called" or "serving" or "completed" or "no_show":
                await store.CallTicketAsync(ticket.Id, "ana", "d1", ct);
                if (state is "serving" or "completed")
                {
                    await store.StartServiceAsync(ticket.Id, "ana", ct);
                }

                if (state == "completed")
                {
                    await store.CompleteAsync(ticket.Id, "ana", "served", ct);
                }

                if (state == "no_show")
                {
                    await store.MarkNoShowAsync(ticket.Id, "ana", ct);
                }

                break;
            case "parked":
                await store.ParkAsync(ticket.Id, "sup", ct);
                break;
            case "removed":
                await store.RemoveAsync(ticket.Id, "gone", "sup", ct);
                break;
        }

        return ticket;
    }

    private static Task RunAsync(BrokerHarness broker, string operation, string id)
    {
        var store = broker.Store;
        var ct = CancellationToken.None;
        return operation switch
        {
            "CallTicket" => store.CallTicketAsync(id, "bob", "d2", ct),
            "Recall" => store.RecallAsync(id, "ana", ct),
            "StartService" => store.StartServiceAsync(id, "ana", ct),
            "Complete" => store.CompleteAsync(id, "ana", "served", ct),
            "MarkNoShow" => store.MarkNoShowAsync(id, "ana", ct),
            "Park" => store.ParkAsync(id, "sup", ct),
            "Resume" => store.ResumeAsync(id, "sup", ct),
            "Transfer" => store.TransferAsync(id, "OTH", false, "sup", ct),
            "Move" => store.MoveAsync(id, 1, "sup", ct),
            "Remove" => store.RemoveAsync(id, "gone", "sup", ct),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }

    private static string StateName(TicketState state) => state == TicketState.NoShow ? "no_show" : state.ToString().ToLowerInvariant();

    private static TheoryData<string, string> BuildIllegalTransitions()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in new[] { "waiting", "called", "serving", "parked", "completed", "no_show", "removed" })
        {
            foreach (var (operation, allowed) in AllowedFrom)
            {
                if (!allowed.Contains(state))
                {
                    data.Add(state, operation);
                }
            }
        }

        return data;
    }
}
