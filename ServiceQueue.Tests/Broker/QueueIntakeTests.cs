extern alias broker;

using broker::ServiceQueue.Broker.Model;

namespace ServiceQueue.Tests.Broker;

public sealed class QueueIntakeTests
{
    [Fact]
    public async Task Closed_full_and_unknown_queues_refuse_enqueue_with_a_reason()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("FULL", d => d with { MaxSize = 2 });
        await broker.DefineQueueAsync("SHUT", d => d with { Open = false });
        await broker.EnqueueAsync("FULL", "f1");
        await broker.EnqueueAsync("FULL", "f2");

        var full = await Assert.ThrowsAsync<BrokerException>(() => broker.EnqueueAsync("FULL", "f3"));
        var closed = await Assert.ThrowsAsync<BrokerException>(() => broker.EnqueueAsync("SHUT", "s1"));
        var unknown = await Assert.ThrowsAsync<BrokerException>(() => broker.EnqueueAsync("NOPE", "n1"));

        Assert.Equal((BrokerErrorCode.FailedPrecondition, "queue_full"), (full.Code, full.Reason));
        Assert.Equal((BrokerErrorCode.FailedPrecondition, "queue_closed"), (closed.Code, closed.Reason));
        Assert.Equal((BrokerErrorCode.FailedPrecondition, "unknown_queue"), (unknown.Code, unknown.Reason));

        // A closed queue still serves who is already waiting; a called ticket makes room in a full one.
        await broker.Store.CallNextAsync("FULL", "ana", "d1", CancellationToken.None);
        Assert.Equal("F-003", (await broker.EnqueueAsync("FULL", "f3")).Ticket.Number);
    }

    [Fact]
    public async Task Numbers_carry_the_queue_prefix_and_restart_each_local_day_in_the_queue_time_zone()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("SP", d => d with { NumberPrefix = "B", TimeZone = "America/Sao_Paulo" });

        // 22:00 UTC is 19:00 in Sao Paulo (UTC-3): the local day is 1 March until 03:00 UTC.
        broker.Clock.Set(new DateTimeOffset(2026, 3, 1, 22, 0, 0, TimeSpan.Zero));
        Assert.Equal("B-001", (await broker.EnqueueAsync("SP", "a")).Ticket.Number);
        broker.Clock.Set(new DateTimeOffset(2026, 3, 2, 2, 59, 0, TimeSpan.Zero));
        Assert.Equal("B-002", (await broker.EnqueueAsync("SP", "b")).Ticket.Number);
        broker.Clock.Set(new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal("B-001", (await broker.EnqueueAsync("SP", "c")).Ticket.Number);
        Assert.Equal("B-002", (await broker.EnqueueAsync("SP", "d")).Ticket.Number);
    }

    [Fact]
    public async Task Numbers_follow_a_time_zone_changed_by_another_broker_replica()
    {
        await using var first = await BrokerHarness.StartAsync();
        await using var second = await BrokerHarness.StartAsync(keyPrefix: first.KeyPrefix);
        await first.DefineQueueAsync("TZ");
        first.Clock.Set(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        second.Clock.Set(first.Clock.GetUtcNow());
        Assert.Equal("T-001", (await first.EnqueueAsync("TZ", "a")).Ticket.Number);

        // The other replica moves the queue to UTC-3, where it is still 1 March: a different day's sequence.
        await second.DefineQueueAsync("TZ", d => d with { TimeZone = "America/Sao_Paulo" });
        Assert.Equal("T-001", (await first.EnqueueAsync("TZ", "b")).Ticket.Number);
        Assert.Equal("T-002", (await second.EnqueueAsync("TZ", "c")).Ticket.Number);
    }

    [Fact]
    public async Task Wait_estimate_is_recent_average_service_time_times_tickets_ahead_over_active_attendants()
    {
        await using var broker = await BrokerHarness.StartAsync(new Dictionary<string, string?> { ["Broker:DefaultServiceTime"] = "00:03:00" });
        await broker.DefineQueueAsync("EST");
        var store = broker.Store;
        var ct = CancellationToken.None;

        // No history yet: the default service time, one attendant assumed.
        await broker.EnqueueAsync("EST", "t1");
        await broker.EnqueueAsync("EST", "t2");
        var third = await broker.EnqueueAsync("EST", "t3");
        Assert.Equal(new WaitEstimate(TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(6), 2), third.Estimate);

        var t1 = await store.CallNextAsync("EST", "ana", "d1", ct);
        var t2 = await store.CallNextAsync("EST", "bob", "d2", ct);
        await store.StartServiceAsync(t1!.Id, "ana", ct);
        await store.StartServiceAsync(t2!.Id, "bob", ct);
        broker.Clock.Advance(TimeSpan.FromMinutes(4));
        await store.CompleteAsync(t1.Id, "ana", "served", ct);
        broker.Clock.Advance(TimeSpan.FromMinutes(2));
        await store.CompleteAsync(t2.Id, "bob", "served", ct);

        // Samples 4 and 6 minutes (average 5, fastest 4); two attendants active; t3 and t4 ahead.
        await broker.EnqueueAsync("EST", "t4");
        var fifth = await broker.EnqueueAsync("EST", "t5");
        var expected = new WaitEstimate(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(4), 2);
        Assert.Equal(3, fifth.Position);
        Assert.Equal(expected, fifth.Estimate);
        Assert.Equal(expected, fifth.Ticket.QuotedEstimate);

        var snapshot = await store.GetQueueAsync("EST", ct);
        Assert.Equal(2, snapshot.AttendantsActive);
        Assert.Equal(TimeSpan.FromMinutes(5), snapshot.AverageServiceTime);
        Assert.Equal(expected, snapshot.Waiting[2].Estimate);

        // Later the quote stays on the ticket while the live estimate moves on.
        await store.CallNextAsync("EST", "ana", "d1", ct);
        var lookup = await store.GetTicketAsync(null, "t5", ct);
        Assert.Equal(2, lookup.Position);
        Assert.Equal(new WaitEstimate(TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(2), 1), lookup.Estimate);
        Assert.Equal(expected, lookup.Ticket.QuotedEstimate);
    }

    [Fact]
    public async Task GetTicket_finds_a_ticket_by_id_or_request_id_and_an_unknown_one_is_not_found()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        var ticket = (await broker.EnqueueAsync("GEN", "req-7")).Ticket;

        Assert.Equal(ticket.Id, (await broker.Store.GetTicketAsync(ticket.Id, null, CancellationToken.None)).Ticket.Id);
        Assert.Equal(ticket.Id, (await broker.Store.GetTicketAsync(null, "req-7", CancellationToken.None)).Ticket.Id);
        Assert.Equal(1, (await broker.Store.GetTicketAsync(null, "req-7", CancellationToken.None)).Position);
        var missing = await Assert.ThrowsAsync<BrokerException>(() => broker.Store.GetTicketAsync("0123456789abcdef", null, CancellationToken.None));
        Assert.Equal(BrokerErrorCode.NotFound, missing.Code);
        Assert.Equal(BrokerErrorCode.NotFound, (await Assert.ThrowsAsync<BrokerException>(() => broker.Store.GetTicketAsync(null, "nope", CancellationToken.None))).Code);
        Assert.Equal(BrokerErrorCode.NotFound, (await Assert.ThrowsAsync<BrokerException>(() => broker.Store.StartServiceAsync("0123456789abcdef", "ana", CancellationToken.None))).Code);
    }

    [Fact]
    public async Task ListQueues_and_GetQueue_show_definitions_and_counts()
    {
        await using var broker = await BrokerHarness.StartAsync();
        var defined = await broker.DefineQueueAsync("B", d => d with { MaxWait = TimeSpan.FromMinutes(30), SlaTarget = TimeSpan.FromMinutes(15) });
        await broker.DefineQueueAsync("A");
        await broker.EnqueueAsync("B", "x");
        await broker.EnqueueAsync("B", "y");
        await broker.Store.CallNextAsync("B", "ana", "d1", CancellationToken.None);

        var queues = await broker.Store.ListQueuesAsync(CancellationToken.None);

        Assert.Equal(["A", "B"], queues.Select(q => q.Definition.Code));
        Assert.Equal(defined, queues[1].Definition);
        Assert.Equal((1, 1, 0), (queues[1].Waiting, queues[1].Active, queues[1].Parked));
        var missing = await Assert.ThrowsAsync<BrokerException>(() => broker.Store.GetQueueAsync("NOPE", CancellationToken.None));
        Assert.Equal(BrokerErrorCode.NotFound, missing.Code);
    }

    public static readonly TheoryData<string, string> BadInputs = new()
    {
        { "request_id", "request id with spaces" },
        { "queue", "lower" },
        { "customer", "17k" },
        { "priority_reason", "long" },
        { "attendant", "" },
        { "desk", "desk/1" },
        { "outcome", "" },
        { "position", "0" },
        { "definition.time_zone", "Mars/Olympus" },
        { "definition.priority_run", "0" },
        { "definition.number_prefix", "a-" },
        { "definition.code", "" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_naming_the_field_before_reaching_redis(string field, string example)
    {
        await using var broker = await BrokerHarness.StartAsync();
        var store = broker.Store;
        var ct = CancellationToken.None;
        var definition = new QueueDefinition("GEN", "General", "G", true, 0, 2, TimeSpan.Zero, TimeSpan.Zero, 1, TimeSpan.Zero, "UTC");
        EnqueueCommand Command(string requestId = "ok", string queue = "GEN", string reason = "", int customerBytes = 10) =>
            new(requestId, queue, PriorityClass.Normal, reason, TicketChannel.Web, new byte[customerBytes]);

        Task call = field switch
        {
            "request_id" => store.EnqueueAsync(Command(requestId: example), ct),
            "queue" => store.EnqueueAsync(Command(queue: example), ct),
            "customer" => store.EnqueueAsync(Command(customerBytes: 17 * 1024), ct),
            "priority_reason" => store.EnqueueAsync(Command(reason: new string('x', 65)), ct),
            "attendant" => store.CallNextAsync("GEN", example, "d1", ct),
            "desk" => store.CallNextAsync("GEN", "ana", example, ct),
            "outcome" => store.CompleteAsync("abc", "ana", example, ct),
            "position" => store.MoveAsync("abc", int.Parse(example, System.Globalization.CultureInfo.InvariantCulture), "", ct),
            "definition.time_zone" => store.UpsertQueueAsync(definition with { TimeZone = example }, ct),
            "definition.priority_run" => store.UpsertQueueAsync(definition with { PriorityRun = 0 }, ct),
            "definition.number_prefix" => store.UpsertQueueAsync(definition with { NumberPrefix = example }, ct),
            "definition.code" => store.UpsertQueueAsync(definition with { Code = example }, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var refused = await Assert.ThrowsAsync<BrokerException>(() => call);
        Assert.Equal(BrokerErrorCode.InvalidArgument, refused.Code);
        Assert.Equal(field, refused.Reason);
        Assert.StartsWith(field + " ", refused.Detail);
    }
}
