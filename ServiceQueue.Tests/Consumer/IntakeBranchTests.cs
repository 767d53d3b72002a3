using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceQueue.Tests.Infrastructure;
using static ServiceQueue.Tests.Consumer.IntakeRig;

namespace ServiceQueue.Tests.Consumer;

/// <summary>Intake by branch (docs/branches.md): the routing key names the branch, a bare queue key the default branch.</summary>
public sealed class IntakeBranchTests
{
    private const string DefaultBranch = "MAIN";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_request_keyed_to_a_branch_lands_in_that_branchs_queue_and_a_bare_queue_key_in_the_default_branchs()
    {
        await using var rig = await StartAsync();
        await rig.UpsertQueueAsync("GEN");
        await rig.UpsertQueueAsync("GEN", branch: "NORTH");

        await rig.PublishAsync(Request("north-1"), "request.NORTH.GEN");
        // A body may name its branch too, written as a client writes it, as long as it is the key's.
        await rig.PublishAsync(Body(Request("north-2"), branch: " north "), "north-2", "request.NORTH.GEN");
        await rig.PublishAsync(Request("main-1"), "request.GEN");
        await rig.PublishAsync(Body(Request("main-2"), branch: DefaultBranch), "main-2", "request.MAIN.GEN");

        var north = await Eventually.ReadAsync(() => rig.GetQueueAsync("GEN", "NORTH"), q => q.Waiting.Count >= 2, Bound);
        var main = await Eventually.ReadAsync(() => rig.GetQueueAsync("GEN"), q => q.Waiting.Count >= 2, Bound);
        // Whatever was still on its way has had time to land where it should not.
        await Task.Delay(TimeSpan.FromSeconds(1));
        north = await rig.GetQueueAsync("GEN", "NORTH");
        main = await rig.GetQueueAsync("GEN");

        Assert.Equal(["north-1", "north-2"], north.Waiting.Select(w => w.Ticket.RequestId).Order(StringComparer.Ordinal));
        Assert.All(north.Waiting, w => Assert.Equal("NORTH", w.Ticket.Branch));
        Assert.Equal(["main-1", "main-2"], main.Waiting.Select(w => w.Ticket.RequestId).Order(StringComparer.Ordinal));
        Assert.All(main.Waiting, w => Assert.Equal(DefaultBranch, w.Ticket.Branch));
    }

    [Fact]
    public async Task A_branch_mismatch_an_unknown_branch_or_queue_and_a_malformed_key_are_dead_lettered_with_their_reasons_and_nothing_is_enqueued()
    {
        await using var rig = await StartAsync();
        await rig.UpsertQueueAsync("GEN");
        await rig.UpsertQueueAsync("HELP", branch: "NORTH");
        var events = await rig.FollowRejectionsAsync("rejections");

        // (reason, branch the rejection event names) by request id.
        var expected = new Dictionary<string, (string Reason, string? Branch)>
        {
            ["mismatch-key-branch"] = ("branch_mismatch", null),
            ["mismatch-bare-key"] = ("branch_mismatch", null),
            ["unknown-branch"] = ("unknown_queue", "NOWHERE"),
            ["not-in-branch"] = ("unknown_queue", "NORTH"),
            ["key-too-long"] = ("invalid_schema", null),
            ["key-lower-branch"] = ("invalid_schema", null),
            ["key-lower-queue"] = ("invalid_schema", null),
            ["key-empty-branch"] = ("invalid_schema", null),
            ["key-bare"] = ("invalid_schema", null),
            ["bad-body-branch"] = ("invalid_schema", "NORTH"),
        };
        await rig.PublishAsync(Body(Request("mismatch-key-branch", queue: "HELP"), branch: "SOUTH"), "mismatch-key-branch", "request.NORTH.HELP");
        await rig.PublishAsync(Body(Request("mismatch-bare-key"), branch: "NORTH"), "mismatch-bare-key", "request.GEN");
        await rig.PublishAsync(Request("unknown-branch"), "request.NOWHERE.GEN");
        // GEN exists in the default branch, not in NORTH: one branch's queue never answers for another's.
        await rig.PublishAsync(Request("not-in-branch"), "request.NORTH.GEN");
        await rig.PublishAsync(Request("key-too-long"), "request.NORTH.GEN.X");
        await rig.PublishAsync(Request("key-lower-branch"), "request.north.GEN");
        await rig.PublishAsync(Request("key-lower-queue"), "request.gen");
        await rig.PublishAsync(Request("key-empty-branch"), "request..GEN");
        await rig.PublishAsync(Request("key-bare"), "request");
        await rig.PublishAsync(Body(Request("bad-body-branch", queue: "HELP"), branch: "NOT A BRANCH"), "bad-body-branch", "request.NORTH.HELP");

        var channel = await (await rig.AmqpAsync()).CreateChannelAsync();
        var dead = await channel.TakeAsync(DeadQueue, expected.Count, Bound);
        Assert.Equal(
            expected.ToDictionary(e => e.Key, e => e.Value.Reason),
            dead.ToDictionary(m => m.BasicProperties.MessageId!, m => Header(m.BasicProperties, "x-servicequeue-reason")));
        Assert.All(dead, m => Assert.NotEmpty(Header(m.BasicProperties, "x-servicequeue-detail")));
        // The dead message keeps the key it came with, so an operator can see where it was sent.
        Assert.Equal("request.north.GEN", dead.Single(m => m.BasicProperties.MessageId == "key-lower-branch").RoutingKey);

        var announced = (await events.TakeAsync("rejections", expected.Count, Bound))
            .Select(m => JsonDocument.Parse(m.Body).RootElement)
            .ToDictionary(
                e => e.GetProperty("requestId").GetString()!,
                e => (e.GetProperty("reason").GetString()!, e.TryGetProperty("branch", out var branch) ? branch.GetString() : null));
        Assert.Equal(expected, announced);

        foreach (var requestId in expected.Keys)
        {
            Assert.Null(await rig.GetTicketAsync(requestId));
        }

        // The Consumer goes on taking requests of every branch.
        await rig.PublishAsync(Request("after-all", queue: "HELP"), "request.NORTH.HELP");
        var ticket = await Eventually.ReadAsync(() => rig.GetTicketAsync("after-all"), t => t is not null, Bound);
        Assert.Equal(("NORTH", "HELP"), (ticket!.Branch, ticket.Queue));
    }

    /// <summary>A request's JSON with a <c>branch</c> member.</summary>
    private static byte[] Body(object request, string branch)
    {
        var json = JsonSerializer.SerializeToNode(request)!.AsObject();
        json["branch"] = branch;
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }
}
