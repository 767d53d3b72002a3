extern alias broker;

using broker::ServiceQueue.Broker.Alerts;
using broker::ServiceQueue.Broker.Model;
using broker::ServiceQueue.Broker.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceQueue.Tests.Broker;

/// <summary>
/// Service-level alerts (issue 18): each rule raised once when its condition starts, updated when its value changes
/// noticeably, cleared when it ends, evaluated at the clock the test moves; two evaluators on one Redis raise once.
/// </summary>
public sealed class AlertTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    // The evaluator's own timer stays out of the way: the tests tick it themselves at the clock they set.
    private static readonly Dictionary<string, string?> NoTimer = new() { ["Broker:AlertInterval"] = "01:00:00" };

    [Fact]
    public async Task A_ticket_waiting_past_the_SLA_raises_one_alert_updated_each_minute_and_cleared_when_it_is_called()
    {
        await using var broker = await BrokerHarness.StartAsync(NoTimer);
        await broker.DefineQueueAsync("GEN", d => d with { SlaTarget = TimeSpan.FromMinutes(10), Alerts = new AlertRules(true, 0, false, TimeSpan.Zero) });
        var start = await LastCursorAsync(broker);
        await broker.EnqueueAsync("GEN", "r1");
        broker.Clock.Advance(TimeSpan.FromMinutes(5));
        await broker.EnqueueAsync("GEN", "r2");

        broker.Clock.Advance(TimeSpan.FromMinutes(5));
        await TickAsync(broker);
        Assert.Empty(await AlertEventsAsync(broker, start));

        broker.Clock.Advance(TimeSpan.FromSeconds(1));
        await TickAsync(broker);
        broker.Clock.Advance(TimeSpan.FromSeconds(30));
        await TickAsync(broker);
        await TickAsync(broker);
        broker.Clock.Advance(TimeSpan.FromSeconds(30));
        await TickAsync(broker);

        var raised = Assert.Single(await broker.Services.GetRequiredService<AlertStore>().ListAlertsAsync("", Ct));
        Assert.Equal(
            ("MAIN", "GEN", AlertKind.WaitingPastSla, true, 661L, 600L),
            (raised.Branch, raised.Queue, raised.Kind, raised.Active, raised.Value, raised.Threshold));

        // The oldest ticket leaves: the next one has waited 6 minutes, within the SLA.
        await broker.Store.CallNextAsync("GEN", "ana", "1", Ct);
        await TickAsync(broker);
        Assert.Empty(await broker.Services.GetRequiredService<AlertStore>().ListAlertsAsync("", Ct));

        broker.Clock.Advance(TimeSpan.FromMinutes(5));
        await TickAsync(broker);

        var events = await AlertEventsAsync(broker, start);
        Assert.Equal(
            [(BrokerEventType.AlertRaised, 601L), (BrokerEventType.AlertUpdated, 661L), (BrokerEventType.AlertCleared, 661L),
             (BrokerEventType.AlertRaised, 661L)],
            events.Select(e => (e.Type, e.Alert!.Value)));
        Assert.All(events, e => Assert.Equal(("GEN", "MAIN"), (e.Queue, e.Branch)));
        Assert.Equal(events[0].Alert!.Id, events[2].Alert!.Id);
        Assert.NotEqual(events[0].Alert!.Id, events[3].Alert!.Id);
        Assert.Equal((false, events[2].OccurredAt), (events[2].Alert!.Active, events[2].Alert!.ClearedAt));
    }

    [Fact]
    public async Task Waiting_over_a_threshold_is_updated_when_the_count_changes_and_cleared_at_or_below_it()
    {
        await using var broker = await BrokerHarness.StartAsync(NoTimer);
        await broker.DefineQueueAsync("GEN", d => d with { Alerts = new AlertRules(false, 2, false, TimeSpan.Zero) });
        var start = await LastCursorAsync(broker);
        for (var i = 1; i <= 2; i++)
        {
            await broker.EnqueueAsync("GEN", $"r{i}");
        }

        await TickAsync(broker);
        await broker.EnqueueAsync("GEN", "r3");
        await TickAsync(broker);
        await TickAsync(broker);
        await broker.EnqueueAsync("GEN", "r4");
        await TickAsync(broker);
        await broker.Store.CallNextAsync("GEN", "ana", "1", Ct);
        await broker.Store.CallNextAsync("GEN", "bob", "2", Ct);
        await TickAsync(broker);

        Assert.Equal(
            [(BrokerEventType.AlertRaised, 3L, 2L), (BrokerEventType.AlertUpdated, 4L, 2L), (BrokerEventType.AlertCleared, 4L, 2L)],
            (await AlertEventsAsync(broker, start)).Select(e => (e.Type, e.Alert!.Value, e.Alert.Threshold)));
    }

    [Fact]
    public async Task No_attendant_is_raised_while_tickets_wait_and_nobody_available_serves_the_queue()
    {
        await using var broker = await BrokerHarness.StartAsync(NoTimer);
        await broker.DefineQueueAsync("GEN", d => d with { Alerts = new AlertRules(false, 0, true, TimeSpan.Zero) });
        await broker.DefineQueueAsync("TAX");
        var start = await LastCursorAsync(broker);
        await TickAsync(broker);
        await broker.EnqueueAsync("GEN", "r1");
        await TickAsync(broker);

        // Someone serving another queue only does not help; someone serving GEN does, until they pause.
        await broker.Presence.SignInAsync("ana", "", "1", ["TAX"], Ct);
        await TickAsync(broker);
        await broker.Presence.SignInAsync("bob", "", "2", ["GEN"], Ct);
        await TickAsync(broker);
        await broker.Presence.PauseAsync("bob", "break", Ct);
        await TickAsync(broker);
        await TickAsync(broker);

        var events = await AlertEventsAsync(broker, start);
        Assert.Equal(
            [(BrokerEventType.AlertRaised, AlertKind.NoAttendant, 1L), (BrokerEventType.AlertCleared, AlertKind.NoAttendant, 1L),
             (BrokerEventType.AlertRaised, AlertKind.NoAttendant, 1L)],
            events.Select(e => (e.Type, e.Alert!.Kind, e.Alert.Value)));
        Assert.NotEqual(events[0].Alert!.Id, events[2].Alert!.Id);
    }

    [Fact]
    public async Task A_service_running_past_its_limit_raises_an_alert_with_the_longest_service_and_switching_the_rule_off_clears_it()
    {
        await using var broker = await BrokerHarness.StartAsync(NoTimer);
        var rules = new AlertRules(false, 0, false, TimeSpan.FromMinutes(15));
        await broker.DefineQueueAsync("GEN", d => d with { Alerts = rules });
        var start = await LastCursorAsync(broker);
        var store = broker.Store;
        var first = (await broker.EnqueueAsync("GEN", "r1")).Ticket;
        var second = (await broker.EnqueueAsync("GEN", "r2")).Ticket;
        await store.CallTicketAsync(first.Id, "ana", "1", Ct);
        await store.StartServiceAsync(first.Id, "ana", Ct);
        broker.Clock.Advance(TimeSpan.FromMinutes(10));
        await store.CallTicketAsync(second.Id, "bob", "2", Ct);
        await store.StartServiceAsync(second.Id, "bob", Ct);
        broker.Clock.Advance(TimeSpan.FromMinutes(5));
        await TickAsync(broker);
        broker.Clock.Advance(TimeSpan.FromSeconds(10));
        await TickAsync(broker);
        await store.CompleteAsync(first.Id, "ana", "served", Ct);
        await TickAsync(broker);
        broker.Clock.Advance(TimeSpan.FromMinutes(10));
        await TickAsync(broker);
        await broker.DefineQueueAsync("GEN", d => d with { Alerts = null });
        await TickAsync(broker);

        Assert.Equal(
            [(BrokerEventType.AlertRaised, 910L), (BrokerEventType.AlertCleared, 910L), (BrokerEventType.AlertRaised, 910L),
             (BrokerEventType.AlertCleared, 910L)],
            (await AlertEventsAsync(broker, start)).Select(e => (e.Type, e.Alert!.Value)));
        Assert.Empty(await broker.Services.GetRequiredService<AlertStore>().ListAlertsAsync("", Ct));
    }

    [Fact]
    public async Task Two_evaluators_ticking_together_on_one_Redis_raise_each_condition_start_exactly_once()
    {
        await using var one = await BrokerHarness.StartAsync(NoTimer);
        await using var two = await BrokerHarness.StartAsync(NoTimer, keyPrefix: one.KeyPrefix);
        await one.DefineQueueAsync("GEN", d => d with { Alerts = new AlertRules(false, 0, true, TimeSpan.Zero) });
        await one.DefineQueueAsync("GEN", d => d with { Branch = "NORTH", Alerts = new AlertRules(false, 1, true, TimeSpan.Zero) });
        var start = await LastCursorAsync(one);

        const int Rounds = 40;
        for (var round = 0; round < Rounds; round++)
        {
            // Each round starts the conditions (tickets wait, nobody serves), ticks both replicas at once, then ends them.
            await one.EnqueueAsync("GEN", $"m{round}");
            await one.EnqueueInAsync("NORTH", "GEN", $"n{round}a");
            await one.EnqueueInAsync("NORTH", "GEN", $"n{round}b");
            await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => TickAsync(i % 2 == 0 ? one : two))));
            var called = new[]
            {
                (await one.Store.CallNextAsync("GEN", "ana", "1", Ct))!,
                (await one.Store.CallNextAsync("NORTH", "GEN", "bob", "1", Ct))!,
                (await one.Store.CallNextAsync("NORTH", "GEN", "cid", "2", Ct))!,
            };
            await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => TickAsync(i % 2 == 0 ? two : one))));
            foreach (var ticket in called)
            {
                await one.Store.MarkNoShowAsync(ticket.Id, ticket.Attendant, Ct);
            }
        }

        var events = await AlertEventsAsync(one, start);
        var raised = events.Where(e => e.Type == BrokerEventType.AlertRaised).ToList();
        Assert.Equal(3 * Rounds, raised.Count);
        Assert.Equal(3 * Rounds, events.Count(e => e.Type == BrokerEventType.AlertCleared));
        Assert.Equal(raised.Count, raised.Select(e => e.Alert!.Id).Distinct().Count());
        Assert.Equal(
            [(AlertKind.WaitingOver, "NORTH"), (AlertKind.NoAttendant, "MAIN"), (AlertKind.NoAttendant, "NORTH")],
            raised.Select(e => (e.Alert!.Kind, e.Branch)).Distinct().Order());
    }

    [Fact]
    public async Task An_alert_is_acknowledged_once_by_the_first_person_and_a_cleared_or_unknown_one_is_refused()
    {
        await using var broker = await BrokerHarness.StartAsync(NoTimer);
        await broker.DefineQueueAsync("GEN", d => d with { Alerts = new AlertRules(false, 0, true, TimeSpan.Zero) });
        var alerts = broker.Services.GetRequiredService<AlertStore>();
        await broker.EnqueueAsync("GEN", "r1");
        await TickAsync(broker);
        var alert = Assert.Single(await alerts.ListAlertsAsync("MAIN", Ct));
        var start = await LastCursorAsync(broker);

        broker.Clock.Advance(TimeSpan.FromSeconds(20));
        var acknowledged = await alerts.AcknowledgeAsync(alert.Id, "sue", Ct);
        broker.Clock.Advance(TimeSpan.FromSeconds(20));
        var again = await alerts.AcknowledgeAsync(alert.Id, "tom", Ct);
        Assert.Equal((broker.Clock.GetUtcNow().AddSeconds(-20), "sue", true), (acknowledged.AcknowledgedAt, acknowledged.AcknowledgedBy, acknowledged.Active));
        Assert.Equal(acknowledged, again);
        var events = await EventsAfterAsync(broker, start);
        var e = Assert.Single(events);
        Assert.Equal((BrokerEventType.AlertAcknowledged, "sue", acknowledged), (e.Type, e.Actor, e.Alert));

        var unknown = await Assert.ThrowsAsync<BrokerException>(() => alerts.AcknowledgeAsync("999999", "sue", Ct));
        Assert.Equal((BrokerErrorCode.NotFound, "unknown_alert"), (unknown.Code, unknown.Reason));
        await broker.Store.CallNextAsync("GEN", "ana", "1", Ct);
        await TickAsync(broker);
        await broker.EnqueueAsync("GEN", "r2");
        await TickAsync(broker);
        var second = Assert.Single(await alerts.ListAlertsAsync("", Ct));
        await broker.Store.CallNextAsync("GEN", "bob", "2", Ct);
        await TickAsync(broker);
        var cleared = await Assert.ThrowsAsync<BrokerException>(() => alerts.AcknowledgeAsync(second.Id, "sue", Ct));
        Assert.Equal((BrokerErrorCode.FailedPrecondition, "alert_cleared"), (cleared.Code, cleared.Reason));
    }

    [Fact]
    public async Task A_tick_from_a_clock_behind_the_last_one_changes_nothing()
    {
        await using var broker = await BrokerHarness.StartAsync(NoTimer);
        await broker.DefineQueueAsync("GEN", d => d with { SlaTarget = TimeSpan.FromMinutes(1), Alerts = new AlertRules(true, 0, false, TimeSpan.Zero) });
        await broker.EnqueueAsync("GEN", "r1");
        broker.Clock.Advance(TimeSpan.FromMinutes(2));
        await TickAsync(broker);
        var start = await LastCursorAsync(broker);

        // Another replica whose clock is 90 s behind would see the wait within the SLA.
        broker.Clock.Advance(TimeSpan.FromSeconds(-90));
        var tick = await broker.Services.GetRequiredService<AlertStore>().EvaluateAsync("", Ct);
        Assert.True(tick.Skipped);
        Assert.Equal(start, await LastCursorAsync(broker));
    }

    private static Task TickAsync(BrokerHarness broker) => broker.Services.GetRequiredService<AlertEvaluator>().EvaluateAsync(Ct);

    private static async Task<long> LastCursorAsync(BrokerHarness broker) =>
        (await broker.Store.ReadEventsAsync(0, 0, Ct)).Last;

    private static async Task<List<BrokerEvent>> EventsAfterAsync(BrokerHarness broker, long after) =>
        [.. (await broker.Store.ReadEventsAsync(after, 5000, Ct)).Events];

    private static async Task<List<BrokerEvent>> AlertEventsAsync(BrokerHarness broker, long after) =>
        [.. (await EventsAfterAsync(broker, after)).Where(e => e.Alert is not null)];
}
