extern alias broker;

using broker::ServiceQueue.Broker.Model;
using Xunit.Abstractions;

namespace ServiceQueue.Tests.Broker;

/// <summary>
/// Presence is kept with calling's atomicity: a pause (or sign-out) racing a call-next from another Broker
/// replica is one or the other, never both, and a paused or signed-out attendant never holds a newly called ticket.
/// </summary>
public sealed class PresenceRaceTests(ITestOutputHelper output)
{
    private const int Rounds = 150;
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_pause_racing_a_call_next_is_one_or_the_other_never_both()
    {
        await using var one = await BrokerHarness.StartAsync();
        await using var two = await BrokerHarness.StartAsync(keyPrefix: one.KeyPrefix);
        await one.DefineQueueAsync("GEN");
        await one.Presence.SignInAsync("ana", "", "1", ["GEN"], Ct);

        var (paused, called) = (0, 0);
        for (var round = 0; round < Rounds; round++)
        {
            await one.EnqueueAsync("GEN", $"r{round}");
            var (pause, call) = await RaceAsync(
                () => one.Presence.PauseAsync("ana", "break", Ct), () => two.Store.CallNextAsync("GEN", "ana", "1", Ct), round);

            var now = Assert.Single(await one.Presence.ListPresenceAsync("", Ct));
            if (pause.Refusal is null)
            {
                Assert.Equal("attendant_paused", call.Refusal);
                Assert.Equal((PresenceState.Paused, ""), (now.State, now.TicketId));
                Assert.DoesNotContain((await one.Store.GetQueueAsync("GEN", Ct)).Active, t => t.Attendant == "ana");
                await one.Presence.UnpauseAsync("ana", Ct);
                paused++;
            }
            else
            {
                Assert.Equal("attendant_busy", pause.Refusal);
                Assert.Null(call.Refusal);
                Assert.Equal((PresenceState.Available, call.Value!.Id), (now.State, now.TicketId));
                await ServeAsync(one, call.Value.Id);
                called++;
            }
        }

        output.WriteLine($"{Rounds} rounds: the pause won {paused}, the call won {called}");
        await AssertNoCallWhileAwayAsync(one);
    }

    [Fact]
    public async Task A_sign_out_racing_a_call_next_is_one_or_the_other_never_both()
    {
        await using var one = await BrokerHarness.StartAsync();
        await using var two = await BrokerHarness.StartAsync(keyPrefix: one.KeyPrefix);
        await one.DefineQueueAsync("GEN");

        var (signedOut, called) = (0, 0);
        for (var round = 0; round < Rounds; round++)
        {
            await one.Presence.SignInAsync("ana", "", "1", ["GEN"], Ct);
            await one.EnqueueAsync("GEN", $"r{round}");
            var (signOut, call) = await RaceAsync(
                () => one.Presence.SignOutAsync("ana", Ct), () => two.Store.CallNextAsync("GEN", "ana", "1", Ct), round);

            var present = await one.Presence.ListPresenceAsync("", Ct);
            if (signOut.Refusal is null)
            {
                Assert.Equal("not_signed_in", call.Refusal);
                Assert.Empty(present);
                Assert.DoesNotContain((await one.Store.GetQueueAsync("GEN", Ct)).Active, t => t.Attendant == "ana");
                signedOut++;
            }
            else
            {
                Assert.Equal("attendant_busy", signOut.Refusal);
                Assert.Null(call.Refusal);
                Assert.Equal((PresenceState.Available, call.Value!.Id), (present.Single().State, present.Single().TicketId));
                await ServeAsync(one, call.Value.Id);
                called++;
            }
        }

        output.WriteLine($"{Rounds} rounds: the sign-out won {signedOut}, the call won {called}");
        await AssertNoCallWhileAwayAsync(one);
    }

    /// <summary>Starts both at once (alternating which is started first) and waits for both.</summary>
    private static async Task<(Outcome<TFirst> First, Outcome<TSecond> Second)> RaceAsync<TFirst, TSecond>(Func<Task<TFirst>> first, Func<Task<TSecond>> second, int round)
    {
        using var start = new Barrier(2);
        Task<Outcome<TFirst>> a;
        Task<Outcome<TSecond>> b;
        if (round % 2 == 0)
        {
            a = Task.Run(() => Attempt(start, first));
            b = Task.Run(() => Attempt(start, second));
        }
        else
        {
            b = Task.Run(() => Attempt(start, second));
            a = Task.Run(() => Attempt(start, first));
        }

        return (await a, await b);
    }

    private static async Task<Outcome<T>> Attempt<T>(Barrier start, Func<Task<T>> change)
    {
        start.SignalAndWait();
        try
        {
            return new Outcome<T>(await change(), null);
        }
        catch (BrokerException refused) when (refused.Code == BrokerErrorCode.FailedPrecondition)
        {
            return new Outcome<T>(default, refused.Reason);
        }
    }

    private static async Task ServeAsync(BrokerHarness broker, string ticketId)
    {
        await broker.Store.StartServiceAsync(ticketId, "ana", Ct);
        await broker.Store.CompleteAsync(ticketId, "ana", "served", Ct);
    }

    /// <summary>The stream tells the same story: replayed in order, no call reaches ana while paused or signed out.</summary>
    private static async Task AssertNoCallWhileAwayAsync(BrokerHarness broker)
    {
        var state = PresenceState.SignedOut;
        var calls = 0;
        var page = await broker.Store.ReadEventsAsync(0, 100_000, Ct);
        foreach (var e in page.Events)
        {
            if (e.Type == BrokerEventType.PresenceChanged)
            {
                state = e.Presence!.State;
            }
            else if (e.Type == BrokerEventType.Called)
            {
                Assert.Equal(PresenceState.Available, state);
                calls++;
            }
        }

        Assert.True(calls > 0);
    }

    private sealed record Outcome<T>(T? Value, string? Refusal);
}
