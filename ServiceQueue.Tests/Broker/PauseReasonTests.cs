extern alias broker;

using broker::ServiceQueue.Broker.Model;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Broker;

/// <summary>The pause reasons an Admin defines (issue 18): once the Api has set a branch's list, pause.lua takes only those.</summary>
public sealed class PauseReasonTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Before_any_list_is_set_any_reason_pauses_and_once_it_is_set_an_unknown_reason_is_refused_and_changes_nothing()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        var presence = broker.Presence;
        await presence.SignInAsync("ana", "", "1", ["GEN"], Ct);

        // Installs from before the list keep pausing with any code.
        Assert.Equal("lunch", (await presence.PauseAsync("ana", "lunch", Ct)).PauseReason);
        await presence.UnpauseAsync("ana", Ct);

        Assert.Equal(["back_office", "break", "training"], await presence.SetPauseReasonsAsync("MAIN", ["training", "break", "back_office", "break"], Ct));
        var before = await LastCursorAsync(broker);
        var refused = await Assert.ThrowsAsync<BrokerException>(() => presence.PauseAsync("ana", "lunch", Ct));
        Assert.Equal((BrokerErrorCode.FailedPrecondition, "unknown_pause_reason"), (refused.Code, refused.Reason));
        // A comma cannot smuggle two listed codes past the check.
        refused = await Assert.ThrowsAsync<BrokerException>(() => presence.PauseAsync("ana", "break,training", Ct));
        Assert.Equal("unknown_pause_reason", refused.Reason);
        Assert.Equal(before, await LastCursorAsync(broker));
        Assert.Equal(PresenceState.Available, (await presence.ListPresenceAsync("", Ct)).Single().State);

        var paused = await presence.PauseAsync("ana", "back_office", Ct);
        Assert.Equal((PresenceState.Paused, "back_office"), (paused.State, paused.PauseReason));
        Assert.Equal(before + 1, await LastCursorAsync(broker));

        // An empty list refuses every reason: an Admin who removed them all meant it.
        await presence.UnpauseAsync("ana", Ct);
        Assert.Empty(await presence.SetPauseReasonsAsync("", [], Ct));
        Assert.Equal("unknown_pause_reason", (await Assert.ThrowsAsync<BrokerException>(() => presence.PauseAsync("ana", "break", Ct))).Reason);
    }

    [Fact]
    public async Task A_branch_list_binds_only_that_branch_and_bad_codes_are_invalid_arguments()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("GEN");
        await broker.DefineQueueAsync("GEN", d => d with { Branch = "NORTH" });
        var presence = broker.Presence;
        await presence.SignInAsync("ana", "", "1", ["GEN"], Ct);
        await presence.SignInAsync("bob", "NORTH", "1", ["GEN"], Ct);

        await presence.SetPauseReasonsAsync("NORTH", ["break"], Ct);
        Assert.Equal("unknown_pause_reason", (await Assert.ThrowsAsync<BrokerException>(() => presence.PauseAsync("bob", "training", Ct))).Reason);
        Assert.Equal("training", (await presence.PauseAsync("ana", "training", Ct)).PauseReason);
        Assert.Equal("break", (await presence.PauseAsync("bob", "break", Ct)).PauseReason);

        async Task InvalidAsync(string field, Func<Task> change)
        {
            var invalid = await Assert.ThrowsAsync<BrokerException>(change);
            Assert.Equal((BrokerErrorCode.InvalidArgument, field), (invalid.Code, invalid.Reason));
        }

        await InvalidAsync("codes", () => presence.SetPauseReasonsAsync("", ["Break"], Ct));
        await InvalidAsync("codes", () => presence.SetPauseReasonsAsync("", [new string('x', 33)], Ct));
        await InvalidAsync("codes", () => presence.SetPauseReasonsAsync("", [.. Enumerable.Range(0, 101).Select(i => $"r{i}")], Ct));
        await InvalidAsync("branch", () => presence.SetPauseReasonsAsync("north", ["break"], Ct));
        // None of those reached Redis: the default branch still has no list.
        await presence.UnpauseAsync("ana", Ct);
        Assert.Equal("anything", (await presence.PauseAsync("ana", "anything", Ct)).PauseReason);
    }

    private static async Task<long> LastCursorAsync(BrokerHarness broker) =>
        (await broker.Store.ReadEventsAsync(0, 0, Ct)).Last;
}
