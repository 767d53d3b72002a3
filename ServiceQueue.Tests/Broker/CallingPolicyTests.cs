extern alias broker;

using broker::ServiceQueue.Broker.Model;

namespace ServiceQueue.Tests.Broker;

public sealed class CallingPolicyTests
{
    /// <summary>
    /// Random enqueues (mixed classes), calls, moves, parks, resumes, removals and clock jumps; every
    /// CallNext must give the ticket the reference model gives, and the snapshot must list the
    /// waiting tickets in the model's order. Seeded, so a failure replays exactly.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task CallNext_follows_the_calling_policy_exactly_in_a_seeded_random_run(int seed)
    {
        var random = new Random(seed);
        var priorityRun = random.Next(1, 4);
        var maxWait = seed % 3 == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(random.Next(20, 60));
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("POL", d => d with { PriorityRun = priorityRun, MaxWait = maxWait });
        var model = new CallingPolicyModel(priorityRun, maxWait);
        var store = broker.Store;
        var ct = CancellationToken.None;
        var calls = 0;

        for (var step = 0; step < 500; step++)
        {
            // Distinct wait-start instants, so "oldest" is never a tie.
            broker.Clock.Advance(TimeSpan.FromMilliseconds(random.Next(1, 1500)));
            var roll = random.Next(100);
            var waiting = model.WaitingIds.ToList();
            var parked = model.ParkedIds.ToList();
            if (roll < 38 || waiting.Count == 0)
            {
                var priority = random.Next(100) < 35;
                var result = await broker.EnqueueAsync("POL", $"s{seed}-{step}", priority ? PriorityClass.Priority : PriorityClass.Normal);
                model.Enqueue(result.Ticket.Id, priority, broker.Clock.GetUtcNow());
                Assert.Equal(model.PlaceOf(result.Ticket.Id), result.Position);
            }
            else if (roll < 70)
            {
                var expected = model.CallNext(broker.Clock.GetUtcNow());
                var called = await store.CallNextAsync("POL", "ana", "d1", ct);
                Assert.Equal(expected, called?.Id);
                calls++;
                await store.MarkNoShowAsync(called!.Id, "ana", ct);
            }
            else if (roll < 76)
            {
                broker.Clock.Advance(TimeSpan.FromSeconds(random.Next(1, 40)));
            }
            else if (roll < 85)
            {
                var id = waiting[random.Next(waiting.Count)];
                var position = random.Next(1, waiting.Count + 2);
                model.Move(id, position);
                var moved = await store.MoveAsync(id, position, "sup", ct);
                Assert.Equal(model.PlaceOf(id), moved.Position);
            }
            else if (roll < 90)
            {
                var id = waiting[random.Next(waiting.Count)];
                model.Park(id);
                await store.ParkAsync(id, "sup", ct);
            }
            else if (roll < 95 && parked.Count > 0)
            {
                var id = parked[random.Next(parked.Count)];
                model.Resume(id);
                await store.ResumeAsync(id, "sup", ct);
            }
            else if (roll < 98)
            {
                var id = waiting[random.Next(waiting.Count)];
                model.CallTicket(id);
                await store.CallTicketAsync(id, "bob", "d2", ct);
                await store.RemoveAsync(id, "left", "sup", ct);
            }
            else
            {
                var id = waiting[random.Next(waiting.Count)];
                model.Remove(id);
                await store.RemoveAsync(id, "duplicate", "sup", ct);
            }

            if (step % 20 == 0)
            {
                var waitingNow = await store.AllWaitingAsync("POL");
                Assert.Equal(model.Order(broker.Clock.GetUtcNow()), waitingNow.Select(w => w.Ticket.Id).ToList());
                Assert.Equal(Enumerable.Range(1, waitingNow.Count), waitingNow.Select(w => w.Position));
            }
        }

        // Drain: the rest must come out in exactly the model's order too.
        while (model.Count > 0)
        {
            var expected = model.CallNext(broker.Clock.GetUtcNow());
            var called = await store.CallNextAsync("POL", "ana", "d1", ct);
            Assert.Equal(expected, called?.Id);
            await store.MarkNoShowAsync(called!.Id, "ana", ct);
            calls++;
        }

        Assert.Null(await store.CallNextAsync("POL", "ana", "d1", ct));
        Assert.True(calls > 150);
    }

    [Fact]
    public async Task Priority_tickets_go_first_but_at_most_the_run_while_normal_tickets_wait()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("RUN", d => d with { PriorityRun = 2 });
        var names = new Dictionary<string, string>();
        foreach (var (name, priority) in new[] { ("n1", false), ("n2", false), ("p1", true), ("p2", true), ("p3", true), ("p4", true), ("p5", true) })
        {
            broker.Clock.Advance(TimeSpan.FromMilliseconds(5));
            var ticket = (await broker.EnqueueAsync("RUN", name, priority ? PriorityClass.Priority : PriorityClass.Normal)).Ticket;
            names[ticket.Id] = name;
        }

        var order = new List<string>();
        while (await broker.Store.CallNextAsync("RUN", "ana", "d1", CancellationToken.None) is { } ticket)
        {
            order.Add(names[ticket.Id]);
            await broker.Store.MarkNoShowAsync(ticket.Id, "ana", CancellationToken.None);
        }

        Assert.Equal(["p1", "p2", "n1", "p3", "p4", "n2", "p5"], order);
    }

    [Fact]
    public async Task A_ticket_waiting_longer_than_the_maximum_wait_is_called_first()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("MAX", d => d with { PriorityRun = 5, MaxWait = TimeSpan.FromMinutes(10) });
        var old = await broker.EnqueueAsync("MAX", "old-normal");
        broker.Clock.Advance(TimeSpan.FromMinutes(9));
        await broker.EnqueueAsync("MAX", "p1", PriorityClass.Priority);
        await broker.EnqueueAsync("MAX", "p2", PriorityClass.Priority);

        var first = await broker.Store.CallNextAsync("MAX", "ana", "d1", CancellationToken.None);
        Assert.Equal("p1", first!.RequestId);
        await broker.Store.MarkNoShowAsync(first.Id, "ana", CancellationToken.None);

        broker.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(1));
        var second = await broker.Store.CallNextAsync("MAX", "ana", "d1", CancellationToken.None);
        Assert.Equal(old.Ticket.Id, second!.Id);
    }
}
