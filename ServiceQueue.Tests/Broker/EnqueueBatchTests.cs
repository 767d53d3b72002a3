extern alias broker;

using broker::ServiceQueue.Broker.Model;

namespace ServiceQueue.Tests.Broker;

/// <summary>EnqueueBatch in the store: each item settled as Enqueue would settle it alone, in one script run.</summary>
public sealed class EnqueueBatchTests
{
    [Fact]
    public async Task EnqueueBatch_makes_tickets_of_the_valid_items_and_refuses_each_bad_one_alone_with_its_reason()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        await broker.DefineQueueAsync("SHUT", d => d with { Open = false });
        await broker.DefineQueueAsync("TINY", d => d with { MaxSize = 1 });
        // Numbered by its own local day, as a single Enqueue would be.
        await broker.DefineQueueAsync("LIS", d => d with { TimeZone = "Europe/Lisbon" });

        var outcomes = await broker.Store.EnqueueBatchAsync(
            [
                Command("ok-1", "GEN"), Command("closed-1", "SHUT"), Command("bad id!", "GEN"), Command("unknown-1", "NOPE"),
                Command("tiny-1", "TINY"), Command("tiny-2", "TINY"), Command("lisbon-1", "LIS"), Command("ok-2", "GEN"),
            ],
            CancellationToken.None);

        Assert.Equal(8, outcomes.Count);
        Assert.Equal(("G-001", 1), (outcomes[0].Result!.Ticket.Number, outcomes[0].Result!.Position));
        Assert.Equal((BrokerErrorCode.FailedPrecondition, "queue_closed"), (outcomes[1].Error!.Code, outcomes[1].Error!.Reason));
        Assert.Equal((BrokerErrorCode.InvalidArgument, "request_id"), (outcomes[2].Error!.Code, outcomes[2].Error!.Reason));
        Assert.Equal((BrokerErrorCode.FailedPrecondition, "unknown_queue"), (outcomes[3].Error!.Code, outcomes[3].Error!.Reason));
        Assert.Equal("T-001", outcomes[4].Result!.Ticket.Number);
        Assert.Equal((BrokerErrorCode.FailedPrecondition, "queue_full"), (outcomes[5].Error!.Code, outcomes[5].Error!.Reason));
        Assert.Equal("L-001", outcomes[6].Result!.Ticket.Number);
        Assert.Equal(("G-002", 2, false), (outcomes[7].Result!.Ticket.Number, outcomes[7].Result!.Position, outcomes[7].Result!.Existing));

        // Exactly one event per ticket made, none for a refusal; the tickets are where a reader finds them.
        var events = await broker.Store.ReadEventsAsync(0, 1000, CancellationToken.None);
        var enqueued = events.Events.Where(e => e.Type == BrokerEventType.Enqueued).Select(e => e.Ticket!.RequestId).Order().ToList();
        Assert.Equal(["lisbon-1", "ok-1", "ok-2", "tiny-1"], enqueued);
        Assert.Equal(["ok-1", "ok-2"], (await broker.Store.GetQueueAsync("GEN", CancellationToken.None)).Waiting.Select(w => w.Ticket.RequestId));
    }

    [Fact]
    public async Task EnqueueBatch_gives_the_existing_ticket_to_a_request_id_repeated_within_a_batch_across_batches_and_after_Enqueue()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        var single = await broker.EnqueueAsync("GEN", "req-0");

        var first = await broker.Store.EnqueueBatchAsync([Command("req-1", "GEN"), Command("req-2", "GEN"), Command("req-1", "GEN"), Command("req-0", "GEN")], CancellationToken.None);
        var second = await broker.Store.EnqueueBatchAsync([Command("req-2", "GEN"), Command("req-1", "GEN")], CancellationToken.None);

        Assert.Equal([false, false, true, true], first.Select(o => o.Result!.Existing));
        Assert.Equal(first[0].Result!.Ticket.Id, first[2].Result!.Ticket.Id);
        Assert.Equal(single.Ticket.Id, first[3].Result!.Ticket.Id);
        Assert.Equal([true, true], second.Select(o => o.Result!.Existing));
        Assert.Equal([first[1].Result!.Ticket.Id, first[0].Result!.Ticket.Id], second.Select(o => o.Result!.Ticket.Id));
        Assert.Equal((2, 3), (second[1].Result!.Position, second[0].Result!.Position));

        var snapshot = await broker.Store.GetQueueAsync("GEN", CancellationToken.None);
        Assert.Equal(["req-0", "req-1", "req-2"], snapshot.Waiting.Select(w => w.Ticket.RequestId));
        var events = await broker.Store.ReadEventsAsync(0, 1000, CancellationToken.None);
        Assert.Equal(3, events.Events.Count(e => e.Type == BrokerEventType.Enqueued));
    }

    [Fact]
    public async Task EnqueueBatch_from_many_parallel_callers_with_overlapping_request_ids_gives_each_request_one_ticket_and_no_number_twice()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");

        // 16 callers, 10 batches of 20 each; every request id is sent by two callers, in different batches.
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 16).Select(caller => Task.Run(async () =>
        {
            start.Wait();
            var answers = new List<(string RequestId, EnqueueOutcome Outcome)>();
            for (var b = 0; b < 10; b++)
            {
                var ids = Enumerable.Range(0, 20).Select(i => $"req-{caller / 2}-{(caller % 2 == 0 ? b : 9 - b)}-{i}").ToList();
                var outcomes = await broker.Store.EnqueueBatchAsync(ids.Select(id => Command(id, "GEN")).ToList(), CancellationToken.None);
                answers.AddRange(ids.Zip(outcomes));
            }

            return answers;
        })).ToList();
        start.Set();
        var answers = (await Task.WhenAll(calls)).SelectMany(a => a).ToList();

        Assert.All(answers, a => Assert.NotNull(a.Outcome.Result));
        var byRequest = answers.GroupBy(a => a.RequestId).ToList();
        Assert.Equal(8 * 10 * 20, byRequest.Count);
        Assert.All(byRequest, g =>
        {
            Assert.Single(g.Select(a => a.Outcome.Result!.Ticket.Id).Distinct());
            Assert.Single(g, a => !a.Outcome.Result!.Existing);
        });
        var numbers = byRequest.Select(g => g.First().Outcome.Result!.Ticket.Number).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal(1600, (await broker.Store.GetQueueAsync("GEN", CancellationToken.None)).WaitingTotal);
    }

    [Fact]
    public async Task EnqueueBatch_refuses_an_empty_batch_and_one_over_the_limit_as_a_whole()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");

        var empty = await Assert.ThrowsAsync<BrokerException>(() => broker.Store.EnqueueBatchAsync([], CancellationToken.None));
        var tooMany = Enumerable.Range(0, InputRules.MaxBatchItems + 1).Select(i => Command($"r{i}", "GEN")).ToList();
        var over = await Assert.ThrowsAsync<BrokerException>(() => broker.Store.EnqueueBatchAsync(tooMany, CancellationToken.None));

        Assert.Equal((BrokerErrorCode.InvalidArgument, "items"), (empty.Code, empty.Reason));
        Assert.Equal((BrokerErrorCode.InvalidArgument, "items"), (over.Code, over.Reason));
        Assert.Empty((await broker.Store.GetQueueAsync("GEN", CancellationToken.None)).Waiting);
    }

    [Fact]
    public async Task EnqueueBatch_gives_each_item_the_estimate_a_lookup_of_its_ticket_gives_with_served_tickets_and_two_attendants()
    {
        // The script reads a queue's service times and attendants once per run: each item's estimate must
        // still be the one its own place gives, as the lookup of an existing request computes it afresh.
        await using var broker = await BrokerHarness.StartAsync();
        var store = broker.Store;
        var ct = CancellationToken.None;
        await broker.DefineQueueAsync("EST");
        foreach (var (attendant, desk) in new[] { ("ana", "d1"), ("bia", "d2") })
        {
            await broker.EnqueueAsync("EST", $"served-by-{attendant}");
            var called = await store.CallNextAsync("EST", attendant, desk, ct);
            await store.StartServiceAsync(called!.Id, attendant, ct);
            broker.Clock.Advance(TimeSpan.FromMinutes(attendant == "ana" ? 4 : 6));
            await store.CompleteAsync(called.Id, attendant, "served", ct);
        }

        await broker.EnqueueAsync("EST", "already-waiting");
        var outcomes = await store.EnqueueBatchAsync([.. Enumerable.Range(1, 6).Select(i => Command($"batch-{i}", "EST"))], ct);

        for (var i = 0; i < outcomes.Count; i++)
        {
            var batched = outcomes[i].Result!;
            var looked = await store.EnqueueAsync(Command($"batch-{i + 1}", "EST"), ct);
            Assert.True(looked.Existing);
            Assert.Equal(i + 2, batched.Position);
            Assert.Equal(looked.Estimate, batched.Estimate);
            Assert.Equal(i + 1, batched.Estimate!.TicketsAhead);
            Assert.True(batched.Estimate.Expected > TimeSpan.Zero && batched.Estimate.Optimistic <= batched.Estimate.Expected, $"{batched.Estimate}");
        }

        Assert.True(outcomes[5].Result!.Estimate!.Expected > outcomes[0].Result!.Estimate!.Expected);
    }

    private static EnqueueCommand Command(string requestId, string queue) =>
        new(requestId, queue, PriorityClass.Normal, "", TicketChannel.Kiosk, new byte[] { 1, 2, 3, 255 });
}
