extern alias broker;

using System.Diagnostics.Metrics;
using broker::ServiceQueue.Broker.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceQueue.Tests.Broker;

public sealed class QueueGaugeTests
{
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

        var gauges = broker.Services.GetRequiredService<QueueGauges>();
        await gauges.RefreshAsync(CancellationToken.None);

        var seen = new Dictionary<(string Instrument, string Queue), int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == QueueGauges.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            var queue = tags.ToArray().Single(t => t.Key == "queue").Value as string;
            seen[(instrument.Name, queue!)] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(3, seen[("servicequeue.queue.waiting", "GA")]);
        Assert.Equal(1, seen[("servicequeue.queue.active", "GA")]);
        Assert.Equal(0, seen[("servicequeue.queue.parked", "GA")]);
        Assert.Equal(1, seen[("servicequeue.queue.waiting", "GB")]);
        Assert.Equal(1, seen[("servicequeue.queue.parked", "GB")]);
    }
}
