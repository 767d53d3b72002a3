using System.Text.Json;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// The fan-out under pressure, against a real Broker: a client that stops reading holds back nobody and is
/// told to resync instead of being buffered without bound; many clients each get every event of a burst.
/// </summary>
public sealed class FanOutTests
{
    // Large events, so the stalled client's socket fills after a few hundred of them.
    private static readonly string LongName = "Maria " + new string('x', 600);

    [Fact]
    public async Task A_client_that_stops_reading_is_told_to_resync_and_holds_back_no_other_client()
    {
        var broker = await TestServers.GetBrokerAsync();
        var client = broker.CreateClient();
        await using var realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress, new Dictionary<string, string?> { ["Realtime:ConnectionBacklog"] = "50" });
        var queue = await client.DefineQueueAsync();
        await using var stalled = await StalledHubClient.ConnectAsync(realtime.QueuesHub, realtime.TokenFor(TestServers.UniqueName("sam"), "Attendant", [queue]));
        await using var reader = await HubPeer.ConnectAsync(realtime.QueuesHub, realtime.TokenFor(TestServers.UniqueName("rita"), "Attendant", [queue]), HubPeer.QueueEvent);
        await stalled.InvokeAsync("Subscribe", queue);
        var snapshot = await reader.InvokeAsync("Subscribe", queue);
        stalled.StopReading();

        // Events until the stalled connection's backlog passes its bound (its socket's buffers fill first).
        var told = await Eventually.ReadAsync(
            async () =>
            {
                await EnqueueManyAsync(client, queue, realtime, 100);
                return realtime.Logs.Lines.Any(line => line.Contains("events behind", StringComparison.Ordinal));
            },
            seen => seen,
            TimeSpan.FromMinutes(3));
        Assert.True(told, "the stalled connection was never found too far behind");
        var marker = await client.EnqueueAsync(queue, realtime.Encryptor);

        // The reading client got everything, in order, while the other still reads nothing.
        var received = await reader.ReceiveUntilAsync(HubPeer.QueueEvent, e => IsAbout(e, marker.Id));
        var expected = await client.EventsAsync(queue, snapshot.GetProperty("cursor").GetUInt64(), received[^1].GetProperty("cursor").GetUInt64());
        Assert.Equal(expected.Select(e => e.Cursor), received.Select(e => e.GetProperty("cursor").GetUInt64()));

        // Now it reads: what its socket held, then Resync instead of the rest.
        var late = await stalled.ReadUntilAsync((target, _) => target == "Resync");
        Assert.Equal(queue, late[^1].Argument.GetProperty("queue").GetString());
        var lateEvents = late.Where(m => m.Target == "QueueEvents").Sum(m => m.Argument.GetProperty("events").GetArrayLength());
        Assert.True(lateEvents < expected.Count, $"the stalled client was sent {lateEvents} of {expected.Count} events before Resync");

        // Subscribing again follows on from a fresh snapshot.
        var again = await stalled.InvokeAsync("Subscribe", queue);
        var next = await client.EnqueueAsync(queue, realtime.Encryptor);
        var resumed = await stalled.ReadUntilAsync((target, batch) => target == "QueueEvents" && batch.GetProperty("events").EnumerateArray().Any(e => IsAbout(e, next.Id)));
        Assert.Equal(again.GetProperty("cursor").GetUInt64(), resumed.First(m => m.Target == "QueueEvents").Argument.GetProperty("after").GetUInt64());
    }

    [Fact]
    public async Task Each_of_a_hundred_clients_receives_every_event_of_a_burst_in_cursor_order_without_gaps()
    {
        const int Clients = 100;
        var broker = await TestServers.GetBrokerAsync();
        var client = broker.CreateClient();
        await using var realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress);
        var queue = await client.DefineQueueAsync();
        var token = realtime.TokenFor(TestServers.UniqueName("many"), "Attendant", [queue]);
        var peers = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => HubPeer.ConnectAsync(realtime.QueuesHub, token, HubPeer.QueueEvents, "Resync")));
        try
        {
            var cursors = await Task.WhenAll(peers.Select(async peer => (await peer.InvokeAsync("Subscribe", queue)).GetProperty("cursor").GetUInt64()));

            await EnqueueManyAsync(client, queue, realtime, 300);
            var marker = await client.EnqueueAsync(queue, realtime.Encryptor);
            var batches = await Task.WhenAll(peers.Select(peer => peer.ReceiveUntilAsync(
                HubPeer.QueueEvents, batch => batch.GetProperty("events").EnumerateArray().Any(e => IsAbout(e, marker.Id)))));

            var all = await client.EventsAsync(queue, cursors.Min(), Cursors(batches[0])[^1]);
            for (var i = 0; i < Clients; i++)
            {
                // Each batch follows on from the previous one's last event (the first, from the snapshot).
                var after = cursors[i];
                foreach (var batch in batches[i])
                {
                    Assert.Equal(after, batch.GetProperty("after").GetUInt64());
                    after = batch.GetProperty("events").EnumerateArray().Last().GetProperty("cursor").GetUInt64();
                }

                Assert.Equal(all.Where(e => e.Cursor > cursors[i]).Select(e => e.Cursor), Cursors(batches[i]));
            }
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Presence_changes_between_ticket_events_reach_no_queue_subscriber_and_the_fan_out_follows_on()
    {
        var broker = await TestServers.GetBrokerAsync();
        var client = broker.CreateClient();
        await using var realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress);
        var queue = await client.DefineQueueAsync();
        var attendant = TestServers.UniqueName("ana");
        await using var reader = await HubPeer.ConnectAsync(realtime.QueuesHub, realtime.TokenFor(attendant, "Attendant", [queue]), HubPeer.QueueEvent);
        await reader.InvokeAsync("Subscribe", queue);

        var first = await client.EnqueueAsync(queue, realtime.Encryptor);
        await client.SignInAsync(new SignInRequest { Attendant = attendant, Desk = attendant, Queues = { queue } }, deadline: BrokerCalls.Deadline());
        await client.PauseAsync(new PauseRequest { Attendant = attendant, Reason = "break" }, deadline: BrokerCalls.Deadline());
        await client.UnpauseAsync(new UnpauseRequest { Attendant = attendant }, deadline: BrokerCalls.Deadline());
        await client.CallTicketAsync(first.Id, attendant, attendant);
        var marker = await client.EnqueueAsync(queue, realtime.Encryptor);

        var received = await reader.ReceiveUntilAsync(HubPeer.QueueEvent, e => IsAbout(e, marker.Id));
        Assert.Equal(
            [("enqueued", first.Id), ("called", first.Id), ("enqueued", marker.Id)],
            received.Select(e => (e.GetProperty("type").GetString(), e.GetProperty("ticket").GetProperty("id").GetString())));
    }

    [Fact]
    public async Task Alerts_between_ticket_events_reach_no_queue_subscriber_and_the_fan_out_follows_on()
    {
        var broker = await TestServers.GetBrokerAsync();
        var client = broker.CreateClient();
        await using var realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress);
        var queue = await client.DefineQueueAsync(change: d => d.Alerts = new AlertRules { NoAttendant = true });
        var attendant = TestServers.UniqueName("ana");
        await using var reader = await HubPeer.ConnectAsync(realtime.QueuesHub, realtime.TokenFor(attendant, "Attendant", [queue]), HubPeer.QueueEvent);
        await reader.InvokeAsync("Subscribe", queue);

        // Nobody serves the queue while its ticket waits: the Broker's evaluator raises an alert on the queue's stream.
        var first = await client.EnqueueAsync(queue, realtime.Encryptor);
        var alerts = await Eventually.ReadAsync(
            async () => (await client.ListAlertsAsync(new ListAlertsRequest(), deadline: BrokerCalls.Deadline())).Alerts.Where(a => a.Queue == queue).ToList(),
            found => found.Count > 0, TimeSpan.FromSeconds(60));
        Assert.NotEmpty(alerts);
        await client.CallTicketAsync(first.Id, attendant, attendant);
        var marker = await client.EnqueueAsync(queue, realtime.Encryptor);

        var received = await reader.ReceiveUntilAsync(HubPeer.QueueEvent, e => IsAbout(e, marker.Id));
        Assert.Equal(
            [("enqueued", first.Id), ("called", first.Id), ("enqueued", marker.Id)],
            received.Select(e => (e.GetProperty("type").GetString(), e.GetProperty("ticket").GetProperty("id").GetString())));
    }

    private static List<ulong> Cursors(IEnumerable<JsonElement> batches) =>
        [.. batches.SelectMany(b => b.GetProperty("events").EnumerateArray()).Select(e => e.GetProperty("cursor").GetUInt64())];

    private static bool IsAbout(JsonElement e, string ticketId) =>
        e.TryGetProperty("ticket", out var ticket) && ticket.ValueKind == JsonValueKind.Object && ticket.GetProperty("id").GetString() == ticketId;

    private static async Task EnqueueManyAsync(QueueBroker.QueueBrokerClient client, string queue, RealtimeFactory realtime, int count)
    {
        var remaining = count;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await client.EnqueueAsync(queue, realtime.Encryptor, LongName);
            }
        })));
    }
}
