extern alias broker;

using broker::ServiceQueue.Broker.Model;
using Microsoft.Extensions.DependencyInjection;
using ServiceQueue.Tests.Infrastructure;
using StackExchange.Redis;

namespace ServiceQueue.Tests.Broker;

/// <summary>Branches (docs/branches.md): one queue code in many offices, each with its own line; the default branch is the data from before.</summary>
public sealed class BranchTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task The_same_queue_code_in_two_branches_keeps_its_own_numbers_line_and_desks()
    {
        await using var broker = await BrokerHarness.StartAsync();
        var store = broker.Store;
        var main = await broker.DefineQueueAsync("GEN");
        var north = await broker.DefineQueueAsync("GEN", d => d with { Branch = "NORTH", Name = "Queue GEN north" });
        Assert.Equal(("MAIN", "NORTH"), (main.Branch, north.Branch));

        var m1 = (await broker.EnqueueAsync("GEN", "m1")).Ticket;
        var m2 = (await broker.EnqueueAsync("GEN", "m2")).Ticket;
        var n1 = (await broker.EnqueueInAsync("NORTH", "GEN", "n1")).Ticket;

        // Numbers are per queue and day within a branch: both offices start at G-001.
        Assert.Equal([("G-001", "MAIN"), ("G-002", "MAIN"), ("G-001", "NORTH")], new[] { m1, m2, n1 }.Select(t => (t.Number, t.Branch)));
        Assert.Equal([m1.Id, m2.Id], (await store.GetQueueAsync("GEN", Ct)).Waiting.Select(w => w.Ticket.Id));
        var northQueue = await store.GetQueueAsync("NORTH", "GEN", Ct);
        Assert.Equal([n1.Id], northQueue.Waiting.Select(w => w.Ticket.Id));
        Assert.Equal(("Queue GEN north", "NORTH"), (northQueue.Definition.Name, northQueue.Definition.Branch));

        // Calling in one branch never gives the other's ticket, and desk "1" of each office is its own.
        var called = await store.CallNextAsync("NORTH", "GEN", "ana", "1", Ct);
        Assert.Equal((n1.Id, "NORTH"), (called!.Id, called.Branch));
        Assert.Null(await store.CallNextAsync("NORTH", "GEN", "bob", "2", Ct));
        Assert.Equal(m1.Id, (await store.CallNextAsync("GEN", "carl", "1", Ct))!.Id);

        // Ticket-addressed calls find the ticket's branch on their own.
        var serving = await store.StartServiceAsync(n1.Id, "ana", Ct);
        Assert.Equal(("NORTH", TicketState.Serving), (serving.Branch, serving.State));
        Assert.Equal("NORTH", (await store.GetTicketAsync(n1.Id, null, Ct)).Ticket.Branch);
        await store.CompleteAsync(n1.Id, "ana", "served", Ct);

        Assert.Equal([("GEN", "NORTH", 0, 0)], (await store.ListQueuesAsync("NORTH", Ct)).Select(q => (q.Definition.Code, q.Definition.Branch, q.Waiting, q.Active)));
        Assert.Equal([("GEN", "MAIN", 1, 1)], (await store.ListQueuesAsync(Ct)).Select(q => (q.Definition.Code, q.Definition.Branch, q.Waiting, q.Active)));

        // A branch with no such queue, and a branch code that breaks the rule.
        var unknown = await Assert.ThrowsAsync<BrokerException>(() => broker.EnqueueInAsync("SOUTH", "GEN", "s1"));
        Assert.Equal((BrokerErrorCode.FailedPrecondition, "unknown_queue"), (unknown.Code, unknown.Reason));
        var bad = await Assert.ThrowsAsync<BrokerException>(() => store.GetQueueAsync("north", "GEN", Ct));
        Assert.Equal((BrokerErrorCode.InvalidArgument, "branch"), (bad.Code, bad.Reason));
    }

    [Fact]
    public async Task Data_written_before_branches_is_the_default_branch_when_named_and_no_key_is_renamed()
    {
        await using var broker = await BrokerHarness.StartAsync();
        var store = broker.Store;
        var redis = broker.Services.GetRequiredService<IConnectionMultiplexer>();
        var db = redis.GetDatabase();
        var p = broker.KeyPrefix;

        // Today's layout, written as every client wrote it before branches: no branch named anywhere.
        await broker.DefineQueueAsync("GEN");
        var t1 = (await broker.EnqueueAsync("GEN", "r1")).Ticket;
        var t2 = (await broker.EnqueueAsync("GEN", "r2")).Ticket;
        var t3 = (await broker.EnqueueAsync("GEN", "r3")).Ticket;
        await store.CallNextAsync("GEN", "ana", "d1", Ct);
        var before = await KeysAsync(redis, p);
        Assert.Contains($"{p}q:GEN:def", before);
        Assert.Contains($"{p}q:GEN:wn", before);
        Assert.Contains($"{p}t:{t1.Id}", before);
        Assert.False(await db.HashExistsAsync($"{p}t:{t1.Id}", "branch"));

        // Named explicitly, the default branch is exactly that data.
        var snapshot = await store.GetQueueAsync("MAIN", "GEN", Ct);
        Assert.Equal([t2.Id, t3.Id], snapshot.Waiting.Select(w => w.Ticket.Id));
        Assert.Equal([(t1.Id, "MAIN")], snapshot.Active.Select(t => (t.Id, t.Branch)));
        Assert.Equal(["GEN"], (await store.ListQueuesAsync("MAIN", Ct)).Select(q => q.Definition.Code));
        Assert.Equal("G-004", (await broker.EnqueueInAsync("MAIN", "GEN", "r4")).Ticket.Number);
        Assert.Equal(t2.Id, (await store.CallNextAsync("MAIN", "GEN", "bob", "d2", Ct))!.Id);
        Assert.Equal("desk_busy", (await Assert.ThrowsAsync<BrokerException>(() => store.CallNextAsync("MAIN", "GEN", "carl", "d1", Ct))).Reason);

        // Every key is still where it was, and naming the default branch wrote nothing under b:.
        var after = await KeysAsync(redis, p);
        Assert.Subset(after, before);
        Assert.DoesNotContain(after, k => k.StartsWith($"{p}b:", StringComparison.Ordinal));
        Assert.False(await db.HashExistsAsync($"{p}t:{t2.Id}", "branch"));
    }

    [Fact]
    public async Task Redis_data_the_broker_wrote_before_branches_is_served_as_the_default_branch_and_watch_resumes_from_an_old_cursor()
    {
        var prefix = TestServers.CreateKeyPrefix();
        using var redis = await ConnectionMultiplexer.ConnectAsync((await TestServers.GetAsync()).Redis.ConnectionString);
        var db = redis.GetDatabase();

        // Written by the pre-branch Broker's own scripts: two queues, a served ticket, one being called, two waiting.
        var old = new PreBranchBroker(db, prefix, new ManualClock());
        await old.UpsertQueueAsync("GEN", "G");
        await old.UpsertQueueAsync("TAX", "T");
        var t1 = await old.EnqueueAsync("GEN", "r1");
        var t2 = await old.EnqueueAsync("GEN", "r2");
        var t3 = await old.EnqueueAsync("GEN", "r3");
        var t4 = await old.EnqueueAsync("GEN", "r4");
        await old.EnqueueAsync("TAX", "x1");
        Assert.Equal(t1.Id, await old.CallNextAsync("GEN", "ana", "d1"));
        await old.StartServiceAsync(t1.Id, "ana");
        await old.CompleteAsync(t1.Id, "ana");
        Assert.Equal(t2.Id, await old.CallNextAsync("GEN", "bob", "d2"));
        Assert.Equal("G-004", t4.Number);
        Assert.False(await db.HashExistsAsync($"{prefix}t:{t3.Id}", "branch"));
        Assert.Equal(11, (long)await db.StringGetAsync($"{prefix}ev:seq"));

        await using var broker = await BrokerHarness.StartAsync(keyPrefix: prefix);
        var store = broker.Store;

        // Queues listed, as the default branch's, named or not.
        Assert.Equal([("MAIN", "GEN", 2, 1), ("MAIN", "TAX", 1, 0)], (await store.ListQueuesAsync(Ct)).Select(Summary));
        Assert.Equal([("MAIN", "GEN", 2, 1), ("MAIN", "TAX", 1, 0)], (await store.ListQueuesAsync("MAIN", Ct)).Select(Summary));
        var snapshot = await store.GetQueueAsync("MAIN", "GEN", Ct);
        Assert.Equal([t3.Id, t4.Id], snapshot.Waiting.Select(w => w.Ticket.Id));
        Assert.Equal([(t2.Id, "MAIN", "bob")], snapshot.Active.Select(t => (t.Id, t.Branch, t.Attendant)));

        // Numbers continue the old day's sequence; an old request id is still the ticket it was.
        var t5 = (await broker.EnqueueInAsync("MAIN", "GEN", "r5")).Ticket;
        Assert.Equal("G-005", t5.Number);
        Assert.Equal("T-002", (await broker.EnqueueAsync("TAX", "x2")).Ticket.Number);
        var again = await broker.EnqueueAsync("GEN", "r1");
        Assert.True(again.Existing);
        Assert.Equal((t1.Id, TicketState.Completed, "MAIN"), (again.Ticket.Id, again.Ticket.State, again.Ticket.Branch));

        // The waiting tickets are called in their old order, then the new one; the old desk is still taken.
        Assert.Equal("desk_busy", (await Assert.ThrowsAsync<BrokerException>(() => store.CallNextAsync("MAIN", "GEN", "carl", "d2", Ct))).Reason);
        Assert.Equal(t3.Id, (await store.CallNextAsync("MAIN", "GEN", "carl", "d3", Ct))!.Id);
        Assert.Equal(t4.Id, (await store.CallNextAsync("GEN", "dave", "d4", Ct))!.Id);
        Assert.Equal(t5.Id, (await store.CallNextAsync("MAIN", "GEN", "erin", "d5", Ct))!.Id);
        Assert.Null(await store.CallNextAsync("MAIN", "GEN", "fay", "d6", Ct));

        // Watch from a cursor the old Broker handed out replays its events, then the new ones, without a gap.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var seen = new List<(long Cursor, BrokerEventType Type, string Ticket, string Branch)>();
        await foreach (var item in broker.Feed.WatchAsync(7, [], stop.Token))
        {
            if (item.Event is { } e)
            {
                seen.Add((e.Cursor, e.Type, e.Ticket?.Id ?? "", e.Branch));
                if (e.Cursor == 16)
                {
                    break;
                }
            }
        }

        Assert.Equal(
            [
                (8, BrokerEventType.Called, t1.Id, "MAIN"), (9, BrokerEventType.Serving, t1.Id, "MAIN"),
                (10, BrokerEventType.Completed, t1.Id, "MAIN"), (11, BrokerEventType.Called, t2.Id, "MAIN"),
                (12, BrokerEventType.Enqueued, t5.Id, "MAIN"), (13, BrokerEventType.Enqueued, seen[5].Ticket, "MAIN"),
                (14, BrokerEventType.Called, t3.Id, "MAIN"), (15, BrokerEventType.Called, t4.Id, "MAIN"),
                (16, BrokerEventType.Called, t5.Id, "MAIN"),
            ],
            seen);
        Assert.DoesNotContain(await KeysAsync(redis, prefix), k => k.StartsWith($"{prefix}b:", StringComparison.Ordinal));

        static (string, string, int, int) Summary(QueueSummary q) => (q.Definition.Branch, q.Definition.Code, q.Waiting, q.Active);
    }

    [Fact]
    public async Task The_default_branch_code_comes_from_configuration_and_a_bad_one_stops_the_broker_at_start()
    {
        await using var broker = await BrokerHarness.StartAsync(new Dictionary<string, string?> { ["Branches:Default"] = "HQ" });
        Assert.Equal("HQ", (await broker.DefineQueueAsync("GEN")).Branch);
        Assert.Equal(("HQ", "G-002"), await NumberAsync(broker, "HQ"));
        Assert.True(await broker.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().KeyExistsAsync($"{broker.KeyPrefix}q:GEN:def"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => BrokerHarness.StartAsync(new Dictionary<string, string?> { ["Branches:Default"] = "main" }));
        Assert.Contains("Branches__Default", error.Message, StringComparison.Ordinal);

        static async Task<(string, string)> NumberAsync(BrokerHarness broker, string branch)
        {
            await broker.EnqueueAsync("GEN", "a");
            var ticket = (await broker.EnqueueInAsync(branch, "GEN", "b")).Ticket;
            return (ticket.Branch, ticket.Number);
        }
    }

    private static async Task<HashSet<string>> KeysAsync(IConnectionMultiplexer redis, string prefix)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
        {
            keys.Add(key.ToString());
        }

        return keys;
    }
}
