extern alias broker;

using broker::ServiceQueue.Broker.Model;
using Microsoft.Extensions.DependencyInjection;
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
