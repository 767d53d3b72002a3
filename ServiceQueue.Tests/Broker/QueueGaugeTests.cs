extern alias broker;

using System.Diagnostics.Metrics;
using broker::ServiceQueue.Broker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace ServiceQueue.Tests.Broker;

public sealed class QueueGaugeTests
{
    private const string Waiting = "servicequeue.queue.waiting";
    private const string Active = "servicequeue.queue.active";
    private const string Parked = "servicequeue.queue.parked";

    [Fact]
    public async Task Gauges_report_waiting_active_and_parked_tickets_per_queue()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GA");
        await broker.DefineQueueAsync("GB");
        for (var i = 0; i < 4; i++)
        {
            await broker.EnqueueAsync("GA", $"a{i}");
        }

        await broker.EnqueueAsync("GB", "b0");
        await broker.Store.CallNextAsync("GA", "ana", "d1", CancellationToken.None);
        var parked = await broker.EnqueueAsync("GB", "b1");
        await broker.Store.ParkAsync(parked.Ticket.Id, "sup", CancellationToken.None);

        var seen = await ObserveAsync(broker);

        Assert.Equal(3, seen[(Waiting, "MAIN", "GA")]);
        Assert.Equal(1, seen[(Active, "MAIN", "GA")]);
        Assert.Equal(0, seen[(Parked, "MAIN", "GA")]);
        Assert.Equal(1, seen[(Waiting, "MAIN", "GB")]);
        Assert.Equal(1, seen[(Parked, "MAIN", "GB")]);
    }

    [Fact]
    public async Task Gauges_cover_every_branch_tagged_by_branch_from_a_registry_of_branches_not_a_key_scan()
    {
        await using var broker = await BrokerHarness.StartAsync();
        var store = broker.Store;
        await broker.DefineQueueAsync("GEN");
        await broker.DefineQueueAsync("GEN", d => d with { Branch = "NORTH" });
        await broker.DefineQueueAsync("GEN", d => d with { Branch = "SOUTH" });
        await broker.DefineQueueAsync("TAX", d => d with { Branch = "SOUTH" });
        // Naming the default branch is the default branch: it never enters the registry.
        await broker.DefineQueueAsync("PAY", d => d with { Branch = "MAIN" });
        await broker.EnqueueAsync("GEN", "m0");
        for (var i = 0; i < 3; i++)
        {
            await broker.EnqueueInAsync("NORTH", "GEN", $"n{i}");
        }

        await broker.EnqueueInAsync("SOUTH", "GEN", "s0");
        await broker.EnqueueInAsync("SOUTH", "TAX", "s1");
        var parked = await broker.EnqueueInAsync("SOUTH", "TAX", "s2");
        await store.CallNextAsync("NORTH", "GEN", "ana", "d1", CancellationToken.None);
        await store.ParkAsync(parked.Ticket.Id, "sup", CancellationToken.None);

        var seen = await ObserveAsync(broker);

        Assert.Equal(1, seen[(Waiting, "MAIN", "GEN")]);
        Assert.Equal(0, seen[(Waiting, "MAIN", "PAY")]);
        Assert.Equal(2, seen[(Waiting, "NORTH", "GEN")]);
        Assert.Equal(1, seen[(Active, "NORTH", "GEN")]);
        Assert.Equal(1, seen[(Waiting, "SOUTH", "GEN")]);
        Assert.Equal(1, seen[(Waiting, "SOUTH", "TAX")]);
        Assert.Equal(1, seen[(Parked, "SOUTH", "TAX")]);
        Assert.Equal(5, seen.Keys.Where(k => k.Instrument == Waiting).Count());

        // What the gauges read from: the set of branches define-queue keeps, not the keyspace.
        var db = broker.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var registry = (await db.SetMembersAsync($"{broker.KeyPrefix}branches")).Select(b => b.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(["NORTH", "SOUTH"], registry);
        Assert.Equal(["MAIN", "NORTH", "SOUTH"], await store.ListBranchesAsync(CancellationToken.None));
    }

    private static async Task<Dictionary<(string Instrument, string Branch, string Queue), int>> ObserveAsync(BrokerHarness broker)
    {
        var gauges = broker.Services.GetRequiredService<QueueGauges>();
        await gauges.RefreshAsync(CancellationToken.None);

        // Only this Broker's meter: tests running beside this one have their own, with their own queues.
        var factory = broker.Services.GetRequiredService<IMeterFactory>();
        var seen = new Dictionary<(string Instrument, string Branch, string Queue), int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == QueueGauges.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            var all = tags.ToArray();
            var branch = (string)all.Single(t => t.Key == "branch").Value!;
            var queue = (string)all.Single(t => t.Key == "queue").Value!;
            seen[(instrument.Name, branch, queue)] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
