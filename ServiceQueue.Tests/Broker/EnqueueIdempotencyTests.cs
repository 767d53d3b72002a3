extern alias broker;

using broker::ServiceQueue.Broker.Model;

namespace ServiceQueue.Tests.Broker;

public sealed class EnqueueIdempotencyTests
{
    [Fact]
    public async Task Enqueue_from_100_concurrent_callers_with_one_request_id_gives_one_ticket_and_100_identical_answers()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        await broker.EnqueueAsync("GEN", "someone-else");

        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() =>
            {
                start.Wait();
                return broker.EnqueueAsync("GEN", "req-42");
            }))
            .ToList();
        start.Set();
        var answers = await Task.WhenAll(calls);

        Assert.Single(answers.Select(a => a.Ticket.Id).Distinct());
        Assert.Single(answers, a => !a.Existing);
        var first = answers.Single(a => !a.Existing);
        Assert.All(answers, a =>
        {
            Assert.Equal(first.Ticket with { Customer = default }, a.Ticket with { Customer = default });
            Assert.Equal(first.Ticket.Customer.ToArray(), a.Ticket.Customer.ToArray());
            Assert.Equal(first.Position, a.Position);
            Assert.Equal(first.Estimate, a.Estimate);
        });
        Assert.Equal("G-002", first.Ticket.Number);
        Assert.Equal(2, first.Position);

        var snapshot = await broker.Store.GetQueueAsync("GEN", CancellationToken.None);
        Assert.Equal(2, snapshot.Waiting.Count);
        var events = await broker.Store.ReadEventsAsync(0, 1000, CancellationToken.None);
        Assert.Single(events.Events, e => e.Type == BrokerEventType.Enqueued && e.Ticket!.RequestId == "req-42");
    }

    [Fact]
    public async Task Enqueue_of_a_known_request_id_returns_the_existing_ticket_even_after_it_was_called()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        var first = await broker.EnqueueAsync("GEN", "req-1");
        await broker.Store.CallNextAsync("GEN", "ana", "desk-1", CancellationToken.None);

        var again = await broker.EnqueueAsync("GEN", "req-1");

        Assert.True(again.Existing);
        Assert.Equal(first.Ticket.Id, again.Ticket.Id);
        Assert.Equal(TicketState.Called, again.Ticket.State);
        Assert.Equal(0, again.Position);
    }
}
