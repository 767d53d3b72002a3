extern alias broker;

using System.Diagnostics;
using broker::ServiceQueue.Broker.Model;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ServiceQueue.Tests.Broker;

/// <summary>GetQueue pages the calling order: bounded replies, the policy's order, CallNext's first choice on page one.</summary>
public sealed class QueuePagingTests(ITestOutputHelper output)
{
    /// <summary>
    /// A seeded mix of classes, moves, parks, calls and tickets over the maximum wait: read in pages of
    /// any size, the queue is the reference model's order, contiguous and without repeats, and CallNext
    /// then calls the first ticket of page one.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Pages_of_any_size_join_into_the_policy_order_and_CallNext_calls_the_first_of_page_one(int seed)
    {
        var random = new Random(seed);
        var priorityRun = random.Next(1, 4);
        var maxWait = seed % 2 == 0 ? TimeSpan.FromSeconds(60) : TimeSpan.Zero;
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("PAGE", d => d with { PriorityRun = priorityRun, MaxWait = maxWait });
        var model = new CallingPolicyModel(priorityRun, maxWait);
        var store = broker.Store;
        var ct = CancellationToken.None;

        for (var step = 0; step < 160; step++)
        {
            broker.Clock.Advance(TimeSpan.FromMilliseconds(random.Next(1, 1500)));
            var roll = random.Next(100);
            var waiting = model.WaitingIds.ToList();
            if (roll < 75 || waiting.Count < 5)
            {
                var priority = random.Next(100) < 30;
                var result = await broker.EnqueueAsync("PAGE", $"p{seed}-{step}", priority ? PriorityClass.Priority : PriorityClass.Normal);
                model.Enqueue(result.Ticket.Id, priority, broker.Clock.GetUtcNow());
            }
            else if (roll < 85)
            {
                var id = waiting[random.Next(waiting.Count)];
                var position = random.Next(1, waiting.Count + 1);
                model.Move(id, position);
                await store.MoveAsync(id, position, "sup", ct);
            }
            else if (roll < 90)
            {
                var id = waiting[random.Next(waiting.Count)];
                model.Park(id);
                await store.ParkAsync(id, "sup", ct);
            }
            else
            {
                var expected = model.CallNext(broker.Clock.GetUtcNow());
                var called = await store.CallNextAsync("PAGE", "ana", "d1", ct);
                Assert.Equal(expected, called?.Id);
                await store.MarkNoShowAsync(called!.Id, "ana", ct);
            }

            if (step % 40 == 39)
            {
                var order = model.Order(broker.Clock.GetUtcNow());
                foreach (var size in new[] { 1, 7, 50, 500 })
                {
                    var all = await store.AllWaitingAsync("PAGE", size);
                    Assert.Equal(order, all.Select(w => w.Ticket.Id).ToList());
                    Assert.Equal(Enumerable.Range(1, all.Count), all.Select(w => w.Position));
                }

                var first = await store.GetQueueAsync("PAGE", 0, 10, ct);
                Assert.Equal(order.Count, first.WaitingTotal);
                Assert.Equal(model.ParkedIds.Count(), first.ParkedTotal);
                var calledNext = await store.CallNextAsync("PAGE", "ana", "d1", ct);
                Assert.Equal(first.Waiting[0].Ticket.Id, calledNext!.Id);
                Assert.Equal(model.CallNext(broker.Clock.GetUtcNow()), calledNext.Id);
                await store.MarkNoShowAsync(calledNext.Id, "ana", ct);
            }
        }
    }

    /// <summary>Most tickets over the maximum wait: the page's order comes from the few that are not, the same policy.</summary>
    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 28)]
    [InlineData(3, 35)]
    public async Task Pages_follow_the_policy_when_most_tickets_are_over_the_maximum_wait(int priorityRun, int overdue)
    {
        var maxWait = TimeSpan.FromMinutes(10);
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("LATE", d => d with { PriorityRun = priorityRun, MaxWait = maxWait });
        var model = new CallingPolicyModel(priorityRun, maxWait);
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            // The first `overdue` tickets start waiting before the rest by more than the maximum wait.
            broker.Clock.Advance(i == overdue ? maxWait + TimeSpan.FromMinutes(1) : TimeSpan.FromMilliseconds(7));
            var priority = i % 3 == 1 || i > 36;
            var ticket = (await broker.EnqueueAsync("LATE", $"late-{i}", priority ? PriorityClass.Priority : PriorityClass.Normal)).Ticket;
            model.Enqueue(ticket.Id, priority, broker.Clock.GetUtcNow());
            ids.Add(ticket.Id);
        }

        var ct = CancellationToken.None;
        await broker.Store.MoveAsync(ids[3], 30, "sup", ct);
        model.Move(ids[3], 30);
        for (var call = 0; call < 3; call++)
        {
            var order = model.Order(broker.Clock.GetUtcNow());
            foreach (var size in new[] { 1, 3, 50 })
            {
                Assert.Equal(order, (await broker.Store.AllWaitingAsync("LATE", size)).Select(w => w.Ticket.Id).ToList());
            }

            var called = await broker.Store.CallNextAsync("LATE", "ana", "d1", ct);
            Assert.Equal(model.CallNext(broker.Clock.GetUtcNow()), called!.Id);
            await broker.Store.MarkNoShowAsync(called.Id, "ana", ct);
        }
    }

    [Fact]
    public async Task A_page_holds_the_default_size_and_a_page_past_the_end_is_empty_with_the_totals()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("DEF");
        for (var i = 0; i < QueuePaging.DefaultPageSize + 5; i++)
        {
            await broker.EnqueueAsync("DEF", $"d{i}");
        }

        var first = await broker.Store.GetQueueAsync("DEF", CancellationToken.None);
        var past = await broker.Store.GetQueueAsync("DEF", 100, 10, CancellationToken.None);
        var last = await broker.Store.GetQueueAsync("DEF", QueuePaging.DefaultPageSize, 0, CancellationToken.None);

        Assert.Equal((QueuePaging.DefaultPageSize, QueuePaging.DefaultPageSize + 5, 0), (first.Waiting.Count, first.WaitingTotal, first.Offset));
        Assert.Equal((0, QueuePaging.DefaultPageSize + 5, 100), (past.Waiting.Count, past.WaitingTotal, past.Offset));
        Assert.Equal(Enumerable.Range(QueuePaging.DefaultPageSize + 1, 5), last.Waiting.Select(w => w.Position));
        Assert.Equal(first.Cursor, past.Cursor);
    }

    [Theory]
    [InlineData(0, QueuePaging.MaxPageSize + 1, "page_size")]
    [InlineData(0, -1, "page_size")]
    [InlineData(-1, 10, "offset")]
    public async Task A_page_size_over_the_limit_or_a_negative_offset_is_refused_naming_the_field(int offset, int pageSize, string field)
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("BAD");

        var error = await Assert.ThrowsAsync<BrokerException>(() => broker.Store.GetQueueAsync("BAD", offset, pageSize, CancellationToken.None));

        Assert.Equal((BrokerErrorCode.InvalidArgument, field), (error.Code, error.Reason));
        Assert.Contains(field, error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Active_and_parked_tickets_are_capped_at_the_page_size_with_their_totals()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("CAP");
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add((await broker.EnqueueAsync("CAP", $"c{i}")).Ticket.Id);
        }

        var ct = CancellationToken.None;
        foreach (var id in ids.Take(3))
        {
            await broker.Store.ParkAsync(id, "sup", ct);
        }

        for (var desk = 1; desk <= 3; desk++)
        {
            await broker.Store.CallNextAsync("CAP", $"att{desk}", $"d{desk}", ct);
        }

        var page = await broker.Store.GetQueueAsync("CAP", 0, 2, ct);

        Assert.Equal((2, 2, 2), (page.Waiting.Count, page.Active.Count, page.Parked.Count));
        Assert.Equal((2, 3, 3), (page.WaitingTotal, page.ActiveTotal, page.ParkedTotal));
        Assert.Equal(ids.Take(2), page.Parked.Select(t => t.Id));
    }

    /// <summary>
    /// 100,000 tickets (one in five priority, the first thousand over the maximum wait): pages at the
    /// head, the middle and the tail are the policy's order. Their times are printed, never asserted.
    /// </summary>
    [Fact]
    public async Task A_queue_of_100000_tickets_pages_at_the_head_middle_and_tail_in_the_policy_order()
    {
        const int Count = 100_000, Every = 5, PriorityRun = 2, Overdue = 1_000, Size = 50;
        var maxWait = TimeSpan.FromMinutes(30);
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("BIG", d => d with { PriorityRun = PriorityRun, MaxWait = maxWait });
        var template = (await broker.EnqueueAsync("BIG", "template")).Ticket.Id;
        var redis = broker.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var since0 = broker.Clock.GetUtcNow() - maxWait - TimeSpan.FromMilliseconds(Overdue);
        var fill = Stopwatch.StartNew();
        await BigQueue.FillAsync(redis, broker.KeyPrefix, "BIG", template, Count, Every, since0, TimeSpan.FromMilliseconds(1));
        output.WriteLine($"filled {Count} tickets in {fill.ElapsedMilliseconds} ms");
        try
        {
            var expected = ExpectedOrder(Count, Every, PriorityRun, Overdue);
            await broker.Store.GetQueueAsync("BIG", 0, Size, CancellationToken.None);
            foreach (var offset in new[] { 0, Overdue - 10, Count / 2, Count - Size })
            {
                var watch = Stopwatch.StartNew();
                var page = await broker.Store.GetQueueAsync("BIG", offset, Size, CancellationToken.None);
                watch.Stop();
                output.WriteLine($"page at offset {offset}: {watch.Elapsed.TotalMilliseconds:F1} ms");
                Assert.Equal(Count, page.WaitingTotal);
                Assert.Equal(expected.Skip(offset).Take(Size).Select(BigQueue.Id), page.Waiting.Select(w => w.Ticket.Id));
                Assert.Equal(Enumerable.Range(offset + 1, Size), page.Waiting.Select(w => w.Position));
            }

            var called = await broker.Store.CallNextAsync("BIG", "ana", "d1", CancellationToken.None);
            Assert.Equal(BigQueue.Id(expected[0]), called!.Id);
        }
        finally
        {
            await BigQueue.DropAsync(redis, broker.KeyPrefix, "BIG", Count);
        }
    }

    // The policy written out for this queue's shape: the overdue head in age order, then priority runs.
    private static List<int> ExpectedOrder(int count, int every, int priorityRun, int overdue)
    {
        var order = new List<int>(count);
        var priority = new Queue<int>();
        var normal = new Queue<int>();
        for (var i = overdue; i < count; i++)
        {
            (i % every == 0 ? priority : normal).Enqueue(i);
        }

        var run = 0;
        for (var i = 0; i < overdue; i++)
        {
            order.Add(i);
            var normalLeft = normal.Count + Enumerable.Range(i + 1, overdue - i - 1).Count(j => j % every != 0);
            run = i % every == 0 ? (normalLeft > 0 ? run + 1 : 0) : 0;
        }

        while (priority.Count + normal.Count > 0)
        {
            if (priority.Count > 0 && (normal.Count == 0 || run < priorityRun))
            {
                order.Add(priority.Dequeue());
                run = normal.Count > 0 ? run + 1 : 0;
            }
            else
            {
                order.Add(normal.Dequeue());
                run = 0;
            }
        }

        return order;
    }
}
