extern alias broker;

using System.Collections.Concurrent;
using broker::ServiceQueue.Broker.Model;

namespace ServiceQueue.Tests.Broker;

public sealed class CallNextConcurrencyTests
{
    [Fact]
    public async Task CallNext_from_64_concurrent_attendants_gives_each_of_2000_tickets_to_exactly_one_and_none_holds_two()
    {
        const int Tickets = 2000;
        const int Attendants = 64;
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN", d => d with { PriorityRun = 3 });
        var enqueued = new ConcurrentBag<Ticket>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Tickets), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            enqueued.Add((await broker.EnqueueAsync("GEN", $"r{i}", i % 5 == 0 ? PriorityClass.Priority : PriorityClass.Normal)).Ticket));

        var calledBy = new ConcurrentDictionary<string, string>();
        var duplicates = new ConcurrentBag<string>();
        var refusedWhileHolding = 0;
        using var start = new ManualResetEventSlim();
        var attendants = Enumerable.Range(0, Attendants).Select(a => Task.Run(async () =>
        {
            start.Wait();
            var name = $"att-{a}";
            var desk = $"desk-{a}";
            for (var round = 0; ; round++)
            {
                var ticket = await broker.Store.CallNextAsync("GEN", name, desk, CancellationToken.None);
                if (ticket is null)
                {
                    return;
                }

                if (!calledBy.TryAdd(ticket.Id, name))
                {
                    duplicates.Add(ticket.Id);
                }

                Assert.Equal(name, ticket.Attendant);
                if (round % 7 == 0)
                {
                    // Holding one ticket, the attendant cannot take another.
                    var refused = await Assert.ThrowsAsync<BrokerException>(() => broker.Store.CallNextAsync("GEN", name, desk, CancellationToken.None));
                    Assert.Equal("attendant_busy", refused.Reason);
                    Interlocked.Increment(ref refusedWhileHolding);
                }

                await broker.Store.StartServiceAsync(ticket.Id, name, CancellationToken.None);
                await broker.Store.CompleteAsync(ticket.Id, name, "served", CancellationToken.None);
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(attendants);

        Assert.Empty(duplicates);
        Assert.Equal(Tickets, calledBy.Count);
        Assert.Equal(enqueued.Select(t => t.Id).Order(), calledBy.Keys.Order());
        Assert.Equal(Tickets, enqueued.Select(t => t.Number).Distinct().Count());
        Assert.True(refusedWhileHolding > 0);

        // The stream tells the same story: one call per ticket, and no attendant called twice before completing.
        var holding = new Dictionary<string, string>();
        var callsPerTicket = new Dictionary<string, int>();
        long after = 0;
        while (true)
        {
            var page = await broker.Store.ReadEventsAsync(after, 5000, CancellationToken.None);
            if (page.Events.Count == 0)
            {
                break;
            }

            foreach (var e in page.Events)
            {
                Assert.Equal(after + 1, e.Cursor);
                after = e.Cursor;
                if (e.Type == BrokerEventType.Called)
                {
                    Assert.False(holding.ContainsKey(e.Ticket!.Attendant), $"{e.Ticket.Attendant} called a second ticket while holding one");
                    holding[e.Ticket.Attendant] = e.Ticket.Id;
                    callsPerTicket[e.Ticket.Id] = callsPerTicket.GetValueOrDefault(e.Ticket.Id) + 1;
                }
                else if (e.Type == BrokerEventType.Completed)
                {
                    Assert.Equal(e.Ticket!.Id, holding[e.Ticket.Attendant]);
                    holding.Remove(e.Ticket.Attendant);
                }
            }
        }

        Assert.Equal(Tickets, callsPerTicket.Count);
        Assert.All(callsPerTicket.Values, n => Assert.Equal(1, n));
    }
}
