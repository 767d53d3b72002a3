extern alias broker;

using System.Collections.Concurrent;
using broker::ServiceQueue.Broker.Events;
using broker::ServiceQueue.Broker.Model;

namespace ServiceQueue.Tests.Broker;

public sealed class WatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Watch_delivers_every_event_once_in_order_across_forced_reconnects_while_writers_run()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await using var replica = await BrokerHarness.StartAsync(keyPrefix: broker.KeyPrefix);
        await broker.DefineQueueAsync("W1");
        await broker.DefineQueueAsync("W2");
        using var writersDone = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var store = (w % 2 == 0 ? broker : replica).Store;
            var queue = w % 2 == 0 ? "W1" : "W2";
            for (var i = 0; i < 80; i++)
            {
                await store.EnqueueAsync(new EnqueueCommand($"w{w}-{i}", queue, PriorityClass.Normal, "", TicketChannel.Web, new byte[] { 7 }), CancellationToken.None);
                if (i % 2 == 1 && await store.CallNextAsync(queue, $"att{w}", $"desk{w}", CancellationToken.None) is { } called)
                {
                    await store.StartServiceAsync(called.Id, $"att{w}", CancellationToken.None);
                    await store.CompleteAsync(called.Id, $"att{w}", "served", CancellationToken.None);
                }
            }
        })).ToList();

        // Watchers on both replicas drop their stream at random moments and resume from their last cursor.
        var watchers = Enumerable.Range(0, 3).Select(i => Task.Run(async () =>
        {
            var feed = (i == 1 ? replica : broker).Feed;
            var random = new Random(i);
            var received = new List<long>();
            long cursor = 0;
            var reconnects = 0;
            while (!writersDone.IsCancellationRequested || cursor < await LastCursorAsync(broker))
            {
                // Dropped after a few events, or after a while when events are scarce.
                using var drop = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(20, 250)));
                var budget = random.Next(1, 40);
                try
                {
                    await foreach (var item in feed.WatchAsync(cursor, [], drop.Token))
                    {
                        if (item.Event is { } e)
                        {
                            received.Add(e.Cursor);
                            cursor = e.Cursor;
                            if (--budget == 0)
                            {
                                reconnects++;
                                break;
                            }
                        }
                    }
                }
                catch (OperationCanceledException) when (drop.IsCancellationRequested)
                {
                    reconnects++;
                }
            }

            return (received, reconnects);
        })).ToList();

        await Task.WhenAll(writers).WaitAsync(Patience);
        writersDone.Cancel();
        var results = await Task.WhenAll(watchers).WaitAsync(Patience);

        var last = await LastCursorAsync(broker);
        Assert.True(last > 400);
        foreach (var (received, reconnects) in results)
        {
            Assert.Equal(Enumerable.Range(1, (int)last).Select(c => (long)c), received);
            Assert.True(reconnects > 10, $"only {reconnects} reconnects");
        }
    }

    [Fact]
    public async Task A_snapshot_plus_the_events_after_its_cursor_equals_a_later_snapshot()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("SNAP", d => d with { PriorityRun = 2, RecallMinInterval = TimeSpan.Zero });
        await broker.DefineQueueAsync("ELSE");
        var store = broker.Store;
        var ct = CancellationToken.None;
        using var stop = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await Act(random, w, i);
                }
                catch (BrokerException ex) when (ex.Code == BrokerErrorCode.FailedPrecondition)
                {
                    // Writers race one another on purpose: a refused step is part of the traffic.
                }
            }
        })).ToList();

        async Task Act(Random random, int w, int i)
        {
            var roll = random.Next(10);
            // The queue stays within one page, so each snapshot below holds all of it.
            if (roll < 4)
            {
                if ((await store.GetQueueAsync("SNAP", 0, 1, ct)).WaitingTotal < QueuePaging.MaxPageSize / 2)
                {
                    await broker.EnqueueAsync("SNAP", $"s{w}-{i}", random.Next(3) == 0 ? PriorityClass.Priority : PriorityClass.Normal);
                }

                return;
            }

            var snapshot = await store.GetQueueAsync("SNAP", ct);
            var waiting = snapshot.Waiting.Select(x => x.Ticket).ToList();
            var mine = snapshot.Active.FirstOrDefault(t => t.Attendant == $"a{w}");
            if (mine is not null)
            {
                _ = mine.State == TicketState.Called
                    ? await (roll < 6 ? store.StartServiceAsync(mine.Id, $"a{w}", ct) : store.RecallAsync(mine.Id, $"a{w}", ct))
                    : await (roll < 8 ? store.CompleteAsync(mine.Id, $"a{w}", "served", ct) : store.TransferAsync(mine.Id, "ELSE", false, $"a{w}", ct));
            }
            else if (roll < 7 || waiting.Count == 0)
            {
                await store.CallNextAsync("SNAP", $"a{w}", $"d{w}", ct);
            }
            else if (roll == 7)
            {
                await store.MoveAsync(waiting[random.Next(waiting.Count)].Id, random.Next(1, waiting.Count + 1), "sup", ct);
            }
            else if (roll == 8)
            {
                await store.ParkAsync(waiting[random.Next(waiting.Count)].Id, "sup", ct);
            }
            else if (snapshot.Parked.Count > 0)
            {
                await store.ResumeAsync(snapshot.Parked[0].Id, "sup", ct);
            }
        }

        for (var round = 0; round < 4; round++)
        {
            await Task.Delay(150);
            var earlier = await store.GetQueueAsync("SNAP", 0, QueuePaging.MaxPageSize, ct);
            await Task.Delay(150);
            var later = await store.GetQueueAsync("SNAP", 0, QueuePaging.MaxPageSize, ct);
            Assert.True(later.Cursor > earlier.Cursor);

            var tickets = Tickets(earlier).ToDictionary(t => t.Id);
            await foreach (var item in broker.Feed.WatchAsync(earlier.Cursor, ["SNAP"], ct))
            {
                if (item.Event is { Ticket: { } ticket })
                {
                    if (ticket.Queue == "SNAP" && ticket.State is TicketState.Waiting or TicketState.Called or TicketState.Serving or TicketState.Parked)
                    {
                        tickets[ticket.Id] = ticket;
                    }
                    else
                    {
                        tickets.Remove(ticket.Id);
                    }
                }

                if (item.Cursor >= later.Cursor)
                {
                    Assert.Equal(later.Cursor, item.Cursor);
                    break;
                }
            }

            Assert.Equal(Describe(Tickets(later)), Describe(tickets.Values));
        }

        stop.Cancel();
        await Task.WhenAll(writers);
    }

    [Fact]
    public async Task Watch_from_a_cursor_older_than_the_retention_or_beyond_the_last_event_answers_out_of_range()
    {
        await using var broker = await BrokerHarness.StartAsync(new Dictionary<string, string?> { ["Broker:EventRetention"] = "10" });
        for (var i = 0; i < 300; i++)
        {
            await broker.DefineQueueAsync("RET", d => d with { MaxSize = i });
        }

        var bounds = await broker.Store.ReadEventsAsync(0, 0, CancellationToken.None);
        Assert.Equal(300, bounds.Last);
        Assert.True(bounds.First > 6);

        var expired = await Assert.ThrowsAsync<BrokerException>(() => FirstAsync(broker.Feed.WatchAsync(5, [], CancellationToken.None)));
        Assert.Equal((BrokerErrorCode.OutOfRange, "cursor_expired"), (expired.Code, expired.Reason));
        var ahead = await Assert.ThrowsAsync<BrokerException>(() => FirstAsync(broker.Feed.WatchAsync(305, [], CancellationToken.None)));
        Assert.Equal((BrokerErrorCode.OutOfRange, "cursor_ahead"), (ahead.Code, ahead.Reason));

        // Cursor 0 means "the oldest retained", and a recent cursor replays normally.
        Assert.Equal(bounds.First, (await FirstAsync(broker.Feed.WatchAsync(0, [], CancellationToken.None))).Cursor);
        Assert.Equal(298, (await FirstAsync(broker.Feed.WatchAsync(297, [], CancellationToken.None))).Cursor);
    }

    [Fact]
    public async Task A_slow_watcher_is_ended_with_resource_exhausted_while_a_fast_one_gets_everything()
    {
        await using var broker = await BrokerHarness.StartAsync(new Dictionary<string, string?> { ["Broker:WatchBufferSize"] = "16" });
        await broker.DefineQueueAsync("SLOW");
        var start = await LastCursorAsync(broker);
        await using var slow = broker.Feed.WatchAsync(null, [], CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await slow.MoveNextAsync());
        Assert.True(slow.Current.IsHeartbeat);

        var fast = Task.Run(async () =>
        {
            var got = new List<long>();
            await foreach (var item in broker.Feed.WatchAsync(start, [], CancellationToken.None))
            {
                if (item.Event is { } e)
                {
                    got.Add(e.Cursor);
                    if (got.Count == 200)
                    {
                        return got;
                    }
                }
            }

            return got;
        });
        for (var i = 0; i < 200; i++)
        {
            await broker.EnqueueAsync("SLOW", $"e{i}");
        }

        Assert.Equal(Enumerable.Range((int)start + 1, 200).Select(c => (long)c), await fast.WaitAsync(Patience));

        var seen = new List<long>();
        var ended = await Assert.ThrowsAsync<BrokerException>(async () =>
        {
            while (await slow.MoveNextAsync())
            {
                seen.Add(slow.Current.Cursor);
            }
        });
        Assert.Equal((BrokerErrorCode.ResourceExhausted, "slow_subscriber"), (ended.Code, ended.Reason));
        Assert.InRange(seen.Count, 1, 16);

        // Resuming from the last cursor received loses nothing.
        var rest = new List<long>();
        await foreach (var item in broker.Feed.WatchAsync(seen[^1], [], CancellationToken.None))
        {
            if (item.IsHeartbeat)
            {
                break;
            }

            rest.Add(item.Cursor);
        }

        Assert.Equal(Enumerable.Range((int)start + 1, 200).Select(c => (long)c), seen.Concat(rest));
    }

    [Fact]
    public async Task An_idle_watch_sends_heartbeats_and_a_queue_filter_skips_other_queues_while_the_cursor_moves_on()
    {
        await using var broker = await BrokerHarness.StartAsync(new Dictionary<string, string?> { ["Broker:HeartbeatInterval"] = "00:00:00.300" });
        await broker.DefineQueueAsync("MINE");
        await broker.DefineQueueAsync("OTHER");
        var items = new ConcurrentQueue<WatchItem>();
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in broker.Feed.WatchAsync(null, ["MINE"], stop.Token))
                {
                    items.Enqueue(item);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        await WaitUntilAsync(() => items.Count >= 3);
        Assert.All(items, i => Assert.True(i.IsHeartbeat));
        await broker.EnqueueAsync("OTHER", "o1");
        var mine = await broker.EnqueueAsync("MINE", "m1");
        await broker.EnqueueAsync("OTHER", "o2");
        var last = await LastCursorAsync(broker);
        await WaitUntilAsync(() => items.Any(i => i.IsHeartbeat && i.Cursor == last));
        stop.Cancel();
        await watching;

        var events = items.Where(i => !i.IsHeartbeat).ToList();
        Assert.Equal([mine.Ticket.Id], events.Select(e => e.Event!.Ticket!.Id));
        Assert.Equal(BrokerEventType.Enqueued, events[0].Event!.Type);
    }

    [Fact]
    public async Task A_branch_filter_gives_only_those_branches_events_and_the_default_branch_by_an_empty_code()
    {
        await using var broker = await BrokerHarness.StartAsync(new Dictionary<string, string?> { ["Broker:HeartbeatInterval"] = "00:00:00.300" });
        foreach (var branch in new[] { "", "NORTH", "SOUTH" })
        {
            await broker.DefineQueueAsync("GEN", d => d with { Branch = branch });
        }

        var start = await LastCursorAsync(broker);
        var main = await broker.EnqueueAsync("GEN", "m1");
        var north = await broker.EnqueueInAsync("NORTH", "GEN", "n1");
        var south = await broker.EnqueueInAsync("SOUTH", "GEN", "s1");
        await broker.Store.CallNextAsync("NORTH", "GEN", "ana", "1", CancellationToken.None);
        var last = await LastCursorAsync(broker);

        async Task<List<BrokerEvent>> WatchAsync(string[] queues, string[] branches)
        {
            var events = new List<BrokerEvent>();
            await foreach (var item in broker.Feed.WatchAsync(start, queues, branches, CancellationToken.None))
            {
                if (item.Event is { } e)
                {
                    events.Add(e);
                }

                if (item.Cursor >= last)
                {
                    break;
                }
            }

            return events;
        }

        var twoBranches = await WatchAsync([], ["NORTH", "SOUTH"]);
        Assert.Equal(
            [(north.Ticket.Id, "NORTH", BrokerEventType.Enqueued), (south.Ticket.Id, "SOUTH", BrokerEventType.Enqueued), (north.Ticket.Id, "NORTH", BrokerEventType.Called)],
            twoBranches.Select(e => (e.Ticket!.Id, e.Branch, e.Type)));
        var defaultOnly = await WatchAsync(["GEN"], [""]);
        Assert.Equal([(main.Ticket.Id, "MAIN")], defaultOnly.Select(e => (e.Ticket!.Id, e.Branch)));
        Assert.Equal(4, (await WatchAsync([], [])).Count);
        await Assert.ThrowsAsync<BrokerException>(() => WatchAsync([], ["north"]));
    }

    private static IEnumerable<Ticket> Tickets(QueueSnapshot snapshot) =>
        snapshot.Waiting.Select(w => w.Ticket).Concat(snapshot.Active).Concat(snapshot.Parked);

    private static List<string> Describe(IEnumerable<Ticket> tickets) =>
        tickets.OrderBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => $"{t with { Customer = default }} {Convert.ToHexString(t.Customer.Span)}")
            .ToList();

    private static async Task<long> LastCursorAsync(BrokerHarness broker) =>
        (await broker.Store.ReadEventsAsync(0, 0, CancellationToken.None)).Last;

    private static async Task<BrokerEvent> FirstAsync(IAsyncEnumerable<WatchItem> items)
    {
        await foreach (var item in items)
        {
            if (item.Event is { } e)
            {
                return e;
            }
        }

        throw new InvalidOperationException("the stream ended");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
