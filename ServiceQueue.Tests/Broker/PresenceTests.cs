extern alias broker;

using broker::ServiceQueue.Broker.Model;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Broker;

/// <summary>Attendant presence (issue 18): sign in to a desk and queues, pause with a reason, unpause, sign out.</summary>
public sealed class PresenceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Each_presence_change_is_one_event_carrying_the_presence_after_it_so_the_time_in_each_state_follows_from_the_events()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        await broker.DefineQueueAsync("TAX");
        var presence = broker.Presence;
        var start = await LastCursorAsync(broker);
        var signedInAt = broker.Clock.GetUtcNow();

        var available = await presence.SignInAsync("ana", "", "7", ["TAX", "GEN"], Ct);
        Assert.Equal(("ana", "MAIN", "7", PresenceState.Available, "", ""), (available.Attendant, available.Branch, available.Desk, available.State, available.PauseReason, available.TicketId));
        Assert.Equal(["GEN", "TAX"], available.Queues);
        Assert.Equal((signedInAt, signedInAt), (available.Since, available.SignedInAt));

        broker.Clock.Advance(TimeSpan.FromMinutes(50));
        var paused = await presence.PauseAsync("ana", "break", Ct);
        Assert.Equal((PresenceState.Paused, "break", signedInAt.AddMinutes(50), signedInAt), (paused.State, paused.PauseReason, paused.Since, paused.SignedInAt));
        broker.Clock.Advance(TimeSpan.FromMinutes(10));
        var training = await presence.PauseAsync("ana", "training", Ct);
        Assert.Equal((PresenceState.Paused, "training", signedInAt.AddMinutes(60)), (training.State, training.PauseReason, training.Since));
        broker.Clock.Advance(TimeSpan.FromMinutes(30));
        var back = await presence.UnpauseAsync("ana", Ct);
        Assert.Equal((PresenceState.Available, "", signedInAt.AddMinutes(90)), (back.State, back.PauseReason, back.Since));
        broker.Clock.Advance(TimeSpan.FromMinutes(20));
        var gone = await presence.SignOutAsync("ana", Ct);
        Assert.Equal((PresenceState.SignedOut, "7", signedInAt.AddMinutes(110), signedInAt), (gone.State, gone.Desk, gone.Since, gone.SignedInAt));
        Assert.Empty(await presence.ListPresenceAsync("", Ct));

        var events = await EventsAfterAsync(broker, start);
        Assert.All(events, e => Assert.Equal((BrokerEventType.PresenceChanged, "", "MAIN", "ana", true), (e.Type, e.Queue, e.Branch, e.Actor, e.Ticket is null)));
        Assert.Equal([available, paused, training, back, gone], events.Select(e => e.Presence!), PresenceComparer.Instance);
        Assert.All(events, e => Assert.Equal(e.OccurredAt, e.Presence!.Since));

        // What history needs, from the events alone: the time in each state (and pause reason).
        var spans = events.Zip(events.Skip(1), (from, to) => (from.Presence!.State, from.Presence.PauseReason, to.OccurredAt - from.OccurredAt)).ToList();
        Assert.Equal(
            [(PresenceState.Available, "", TimeSpan.FromMinutes(50)), (PresenceState.Paused, "break", TimeSpan.FromMinutes(10)),
             (PresenceState.Paused, "training", TimeSpan.FromMinutes(30)), (PresenceState.Available, "", TimeSpan.FromMinutes(20))],
            spans);
    }

    [Fact]
    public async Task A_change_that_changes_nothing_emits_no_event_and_signing_in_again_changes_the_profile_and_desk()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        await broker.DefineQueueAsync("TAX");
        var presence = broker.Presence;
        var first = await presence.SignInAsync("ana", "MAIN", "1", ["GEN"], Ct);
        var start = await LastCursorAsync(broker);

        broker.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(first, await presence.SignInAsync("ana", "", "1", ["GEN", "GEN"], Ct), PresenceComparer.Instance);
        await presence.PauseAsync("ana", "break", Ct);
        var again = await presence.PauseAsync("ana", "break", Ct);
        Assert.Equal(1, await LastCursorAsync(broker) - start);

        // Signing in again, paused, with other queues and desk: available there, the old desk free, the sign-in time kept.
        broker.Clock.Advance(TimeSpan.FromMinutes(1));
        var moved = await presence.SignInAsync("ana", "", "2", ["TAX", "GEN"], Ct);
        Assert.Equal((PresenceState.Available, "2", first.SignedInAt, broker.Clock.GetUtcNow()), (moved.State, moved.Desk, moved.SignedInAt, moved.Since));
        Assert.Equal(["GEN", "TAX"], moved.Queues);
        Assert.Equal(2, await LastCursorAsync(broker) - start);
        var bob = await presence.SignInAsync("bob", "", "1", ["GEN"], Ct);
        Assert.Equal("1", bob.Desk);
        Assert.Equal([("ana", "2"), ("bob", "1")], (await presence.ListPresenceAsync("MAIN", Ct)).Select(p => (p.Attendant, p.Desk)));
        Assert.Equal(again.Since, (await EventsAfterAsync(broker, start))[0].Presence!.Since);
    }

    [Fact]
    public async Task A_paused_or_signed_out_attendant_cannot_call_while_one_who_never_signed_in_still_can()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        var store = broker.Store;
        var t1 = (await broker.EnqueueAsync("GEN", "r1")).Ticket;
        var t2 = (await broker.EnqueueAsync("GEN", "r2")).Ticket;
        await broker.Presence.SignInAsync("ana", "", "1", ["GEN"], Ct);
        await broker.Presence.PauseAsync("ana", "back_office", Ct);
        var before = await LastCursorAsync(broker);

        Assert.Equal("attendant_paused", (await Assert.ThrowsAsync<BrokerException>(() => store.CallNextAsync("GEN", "ana", "1", Ct))).Reason);
        Assert.Equal("attendant_paused", (await Assert.ThrowsAsync<BrokerException>(() => store.CallTicketAsync(t2.Id, "ana", "1", Ct))).Reason);
        Assert.Equal(before, await LastCursorAsync(broker));
        Assert.Equal(2, (await store.GetQueueAsync("GEN", Ct)).WaitingTotal);

        // Clients from before presence never sign in, and keep calling.
        Assert.Equal(t1.Id, (await store.CallNextAsync("GEN", "carl", "9", Ct))!.Id);

        await broker.Presence.UnpauseAsync("ana", Ct);
        var called = await store.CallTicketAsync(t2.Id, "ana", "1", Ct);
        Assert.Equal(called.Id, (await broker.Presence.ListPresenceAsync("", Ct)).Single(p => p.Attendant == "ana").TicketId);
        await store.StartServiceAsync(t2.Id, "ana", Ct);
        await store.CompleteAsync(t2.Id, "ana", "served", Ct);
        await broker.Presence.SignOutAsync("ana", Ct);
        await broker.EnqueueAsync("GEN", "r3");
        var signedOut = await Assert.ThrowsAsync<BrokerException>(() => store.CallNextAsync("GEN", "ana", "1", Ct));
        Assert.Equal((BrokerErrorCode.FailedPrecondition, "not_signed_in"), (signedOut.Code, signedOut.Reason));
    }

    [Fact]
    public async Task Presence_refusals_name_their_reason_and_change_nothing()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        await broker.DefineQueueAsync("GEN", d => d with { Branch = "NORTH" });
        var presence = broker.Presence;
        var ticket = (await broker.EnqueueAsync("GEN", "r1")).Ticket;
        var start = await LastCursorAsync(broker);

        async Task RefusedAsync(string reason, Func<Task> change)
        {
            var refused = await Assert.ThrowsAsync<BrokerException>(change);
            Assert.Equal((BrokerErrorCode.FailedPrecondition, reason), (refused.Code, refused.Reason));
        }

        async Task InvalidAsync(string field, Func<Task> change)
        {
            var refused = await Assert.ThrowsAsync<BrokerException>(change);
            Assert.Equal((BrokerErrorCode.InvalidArgument, field), (refused.Code, refused.Reason));
        }

        await RefusedAsync("not_signed_in", () => presence.PauseAsync("ana", "break", Ct));
        await RefusedAsync("not_signed_in", () => presence.UnpauseAsync("ana", Ct));
        await RefusedAsync("not_signed_in", () => presence.SignOutAsync("ana", Ct));
        await RefusedAsync("unknown_queue", () => presence.SignInAsync("ana", "", "1", ["GEN", "TAX"], Ct));
        // A queue of another branch is not one of this branch's.
        await RefusedAsync("unknown_queue", () => presence.SignInAsync("ana", "SOUTH", "1", ["GEN"], Ct));
        await InvalidAsync("queues", () => presence.SignInAsync("ana", "", "1", [], Ct));
        await InvalidAsync("queues", () => presence.SignInAsync("ana", "", "1", [.. Enumerable.Range(0, 51).Select(i => $"Q{i}")], Ct));
        await InvalidAsync("queues", () => presence.SignInAsync("ana", "", "1", ["gen"], Ct));
        await InvalidAsync("desk", () => presence.SignInAsync("ana", "", "", ["GEN"], Ct));
        await InvalidAsync("desk", () => presence.SignInAsync("ana", "", new string('1', 65), ["GEN"], Ct));
        await InvalidAsync("attendant", () => presence.SignInAsync("a n a", "", "1", ["GEN"], Ct));
        await InvalidAsync("branch", () => presence.SignInAsync("ana", "north", "1", ["GEN"], Ct));
        Assert.Equal(start, await LastCursorAsync(broker));

        await presence.SignInAsync("ana", "", "1", ["GEN"], Ct);
        var signedIn = await LastCursorAsync(broker);
        await RefusedAsync("desk_taken", () => presence.SignInAsync("bob", "", "1", ["GEN"], Ct));
        await RefusedAsync("not_paused", () => presence.UnpauseAsync("ana", Ct));
        await InvalidAsync("reason", () => presence.PauseAsync("ana", "", Ct));
        await InvalidAsync("reason", () => presence.PauseAsync("ana", new string('x', 65), Ct));

        // Holding a ticket: no pause, no sign-out, no sign-in at another desk; the same desk may change its queues.
        await broker.Store.CallTicketAsync(ticket.Id, "ana", "1", Ct);
        var calling = await LastCursorAsync(broker);
        await RefusedAsync("attendant_busy", () => presence.PauseAsync("ana", "break", Ct));
        await RefusedAsync("attendant_busy", () => presence.SignOutAsync("ana", Ct));
        await RefusedAsync("attendant_busy", () => presence.SignInAsync("ana", "", "2", ["GEN"], Ct));
        await RefusedAsync("attendant_busy", () => presence.SignInAsync("ana", "NORTH", "1", ["GEN"], Ct));
        Assert.Equal(calling, await LastCursorAsync(broker));
        Assert.Equal(signedIn + 1, calling);
        var same = await presence.SignInAsync("ana", "MAIN", "1", ["GEN"], Ct);
        Assert.Equal((PresenceState.Available, ticket.Id), (same.State, same.TicketId));

        // Desk 1 of another branch is another desk.
        var north = await presence.SignInAsync("bob", "NORTH", "1", ["GEN"], Ct);
        Assert.Equal(("NORTH", "1"), (north.Branch, north.Desk));
        Assert.Equal(["bob"], (await presence.ListPresenceAsync("NORTH", Ct)).Select(p => p.Attendant));
        Assert.Equal(["ana"], (await presence.ListPresenceAsync("", Ct)).Select(p => p.Attendant));
    }

    [Fact]
    public async Task Watch_with_a_queue_filter_passes_a_presence_change_when_any_queue_of_the_profile_matches()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        await broker.DefineQueueAsync("TAX");
        await broker.DefineQueueAsync("GEN", d => d with { Branch = "NORTH" });
        var start = await LastCursorAsync(broker);
        await broker.Presence.SignInAsync("ana", "", "1", ["GEN", "TAX"], Ct);
        await broker.Presence.SignInAsync("bob", "", "2", ["TAX"], Ct);
        await broker.Presence.SignInAsync("carl", "NORTH", "1", ["GEN"], Ct);
        await broker.Presence.PauseAsync("bob", "break", Ct);
        var last = await LastCursorAsync(broker);

        async Task<List<string>> WatchAsync(string[] queues, string[] branches)
        {
            var seen = new List<string>();
            await foreach (var item in broker.Feed.WatchAsync(start, queues, branches, Ct))
            {
                if (item.Event is { Presence: { } p })
                {
                    seen.Add($"{p.Attendant}:{p.State}");
                }

                if (item.Cursor >= last)
                {
                    break;
                }
            }

            return seen;
        }

        Assert.Equal(["ana:Available", "carl:Available"], await WatchAsync(["GEN"], []));
        Assert.Equal(["ana:Available"], await WatchAsync(["GEN"], ["MAIN"]));
        Assert.Equal(["ana:Available", "bob:Available", "bob:Paused"], await WatchAsync(["TAX"], []));
        Assert.Equal(["carl:Available"], await WatchAsync([], ["NORTH"]));
        Assert.Equal(4, (await WatchAsync([], [])).Count);
    }

    private static async Task<long> LastCursorAsync(BrokerHarness broker) =>
        (await broker.Store.ReadEventsAsync(0, 0, Ct)).Last;

    private static async Task<List<BrokerEvent>> EventsAfterAsync(BrokerHarness broker, long after) =>
        [.. (await broker.Store.ReadEventsAsync(after, 1000, Ct)).Events];

    /// <summary>Records hold their queues as a list: compare by value.</summary>
    private sealed class PresenceComparer : IEqualityComparer<AttendantPresence>
    {
        public static readonly PresenceComparer Instance = new();

        private static readonly string[] NoQueues = [];

        public bool Equals(AttendantPresence? x, AttendantPresence? y) =>
            x is not null && y is not null && x with { Queues = NoQueues } == y with { Queues = NoQueues } && x.Queues.SequenceEqual(y.Queues);

        public int GetHashCode(AttendantPresence obj) => obj.Attendant.GetHashCode(StringComparison.Ordinal);
    }
}
