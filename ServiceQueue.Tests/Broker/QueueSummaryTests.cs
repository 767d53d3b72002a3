extern alias broker;

using broker::ServiceQueue.Broker.Model;

namespace ServiceQueue.Tests.Broker;

/// <summary>
/// What ListQueues tells the supervisor page besides counts (issue 18): when the longest wait began, and how
/// many tickets the queue completed in the last hour, both read at the Broker's clock.
/// </summary>
public sealed class QueueSummaryTests
{
    [Fact]
    public async Task The_oldest_wait_is_the_longest_waiting_tickets_start_and_is_absent_once_nobody_waits()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("OLD");
        Assert.Null((await SummaryAsync(broker, "OLD")).OldestWaitingSince);

        var first = broker.Clock.GetUtcNow();
        await broker.EnqueueAsync("OLD", "r1");
        broker.Clock.Advance(TimeSpan.FromMinutes(3));
        await broker.EnqueueAsync("OLD", "r2", PriorityClass.Priority);
        Assert.Equal(first, (await SummaryAsync(broker, "OLD")).OldestWaitingSince);

        // The priority ticket is called first: the normal one, still waiting, is still the oldest.
        await broker.Store.CallNextAsync("OLD", "ana", "1", CancellationToken.None);
        Assert.Equal(first, (await SummaryAsync(broker, "OLD")).OldestWaitingSince);

        broker.Clock.Advance(TimeSpan.FromMinutes(1));
        await broker.Store.CallNextAsync("OLD", "bia", "2", CancellationToken.None);
        Assert.Null((await SummaryAsync(broker, "OLD")).OldestWaitingSince);
    }

    [Fact]
    public async Task Served_in_the_last_hour_counts_completions_of_the_hour_before_the_call_and_nothing_else()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("HR");
        await broker.DefineQueueAsync("OTHER");
        await ServeAsync(broker, "HR", "h1");
        broker.Clock.Advance(TimeSpan.FromMinutes(40));
        await ServeAsync(broker, "HR", "h2");
        await ServeAsync(broker, "HR", "h3");
        await ServeAsync(broker, "OTHER", "o1");
        // A no-show is no service.
        var absent = await broker.EnqueueAsync("HR", "gone");
        await broker.Store.CallNextAsync("HR", "ana", "1", CancellationToken.None);
        await broker.Store.MarkNoShowAsync(absent.Ticket.Id, "ana", CancellationToken.None);

        Assert.Equal(3, (await SummaryAsync(broker, "HR")).ServedLastHour);
        Assert.Equal(1, (await SummaryAsync(broker, "OTHER")).ServedLastHour);

        // 61 minutes after the first completion only the two later ones are within the hour; 41 minutes later, none.
        broker.Clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(2, (await SummaryAsync(broker, "HR")).ServedLastHour);
        broker.Clock.Advance(TimeSpan.FromMinutes(40));
        Assert.Equal(0, (await SummaryAsync(broker, "HR")).ServedLastHour);
    }

    private static async Task ServeAsync(BrokerHarness broker, string queue, string requestId)
    {
        var ticket = (await broker.EnqueueAsync(queue, requestId)).Ticket;
        await broker.Store.CallTicketAsync(ticket.Id, "ana", "1", CancellationToken.None);
        await broker.Store.StartServiceAsync(ticket.Id, "ana", CancellationToken.None);
        await broker.Store.CompleteAsync(ticket.Id, "ana", "served", CancellationToken.None);
    }

    private static async Task<QueueSummary> SummaryAsync(BrokerHarness broker, string queue) =>
        (await broker.Store.ListQueuesAsync(CancellationToken.None)).Single(q => q.Definition.Code == queue);
}
