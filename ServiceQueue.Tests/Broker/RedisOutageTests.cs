extern alias broker;

using System.Diagnostics;
using broker::ServiceQueue.Broker.Events;
using broker::ServiceQueue.Broker.Model;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Tests.Infrastructure;
using StackExchange.Redis;

namespace ServiceQueue.Tests.Broker;

/// <summary>Runs a Redis of its own: these tests stop it, restart it and make it forget scripts.</summary>
public sealed class RedisOutageTests
{
    private static readonly Dictionary<string, string?> FastFailure = new()
    {
        ["Broker:OperationTimeout"] = "00:00:01",
        ["Broker:ConnectTimeout"] = "00:00:00.500",
    };

    [Fact]
    public async Task Calls_fail_fast_with_unavailable_while_redis_is_down_then_succeed_with_the_state_kept_and_watch_continuing()
    {
        using var folder = RunFolder.Create(TestServers.RunsParent);
        var redis = new RedisServer(new LocalServerOptions { DataDirectory = folder.For("redis") });
        await redis.StartAsync();
        try
        {
            await using var broker = await BrokerHarness.StartAsync(FastFailure, redis.ConnectionString);
            var store = broker.Store;
            var ct = CancellationToken.None;
            await Step("define and fill the queue", () => broker.DefineQueueAsync("OUT"));
            var before = new List<Ticket>();
            for (var i = 0; i < 3; i++)
            {
                before.Add((await Step($"enqueue before-{i}", () => broker.EnqueueAsync("OUT", $"before-{i}"))).Ticket);
            }

            await Step("call the first ticket", () => store.CallNextAsync("OUT", "ana", "d1", ct));
            var cursorBefore = (await Step("read the cursor", () => store.ReadEventsAsync(0, 0, ct))).Last;
            using var stopWatching = new CancellationTokenSource();
            var watched = WatchAsync(broker.Feed, cursorBefore, stopWatching.Token);

            await redis.StopAsync();
            // Fail fast: the call is refused with UNAVAILABLE rather than parked in the client's backlog
            // (whose default wait is the full operation timeout and more). The bound is loose on purpose.
            var clock = Stopwatch.StartNew();
            var down = await Assert.ThrowsAsync<BrokerException>(() => broker.EnqueueAsync("OUT", "during"));
            Assert.Equal(BrokerErrorCode.Unavailable, down.Code);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
            Assert.Equal(BrokerErrorCode.Unavailable, (await Assert.ThrowsAsync<BrokerException>(() => store.GetQueueAsync("OUT", ct))).Code);

            // Same folder, port and password: Redis replays its append-only file.
            redis = new RedisServer(new LocalServerOptions { DataDirectory = folder.For("redis"), Port = redis.Port, Password = redis.Password });
            await redis.StartAsync();
            // The client may reopen more than one socket after an outage, so any call can still meet
            // UNAVAILABLE for a while; callers retry it (the contract says so), and so do these checks.
            var after = await RetryWhileUnavailableAsync("enqueue after the restart", () => broker.EnqueueAsync("OUT", "after"));

            Assert.Equal("O-004", after.Ticket.Number);
            var again = await RetryWhileUnavailableAsync("enqueue before-1 again", () => broker.EnqueueAsync("OUT", "before-1"));
            Assert.True(again.Existing);
            Assert.Equal(before[1].Id, again.Ticket.Id);
            var snapshot = await RetryWhileUnavailableAsync("read the queue", () => store.GetQueueAsync("OUT", ct));
            Assert.Equal([before[1].Id, before[2].Id, after.Ticket.Id], snapshot.Waiting.Select(w => w.Ticket.Id));
            Assert.Equal([before[0].Id], snapshot.Active.Select(t => t.Id));

            // The Watch opened before the outage carries on at the next cursor, nothing skipped.
            var first = await watched.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal((cursorBefore + 1, after.Ticket.Id), (first.Cursor, first.Ticket!.Id));
            stopWatching.Cancel();
        }
        finally
        {
            await redis.StopAsync();
        }
    }

    [Fact]
    public async Task Scripts_forgotten_by_redis_are_loaded_again_and_the_call_succeeds()
    {
        await using var broker = await BrokerHarness.StartAsync();
        await broker.DefineQueueAsync("NOS");
        await broker.EnqueueAsync("NOS", "one");

        var servers = await TestServers.GetAsync();
        using (var admin = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString + ",allowAdmin=true"))
        {
            await admin.GetServer(admin.GetEndPoints()[0]).ScriptFlushAsync();
        }

        var second = await broker.EnqueueAsync("NOS", "two");
        Assert.Equal(2, second.Position);
    }

    private static async Task<BrokerEvent> WatchAsync(EventFeed feed, long after, CancellationToken cancellationToken)
    {
        await foreach (var item in feed.WatchAsync(after, [], cancellationToken))
        {
            if (item.Event is { } e)
            {
                return e;
            }
        }

        throw new InvalidOperationException("the stream ended");
    }

    private static async Task<T> RetryWhileUnavailableAsync<T>(string step, Func<Task<T>> call)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (BrokerException ex) when (ex.Code == BrokerErrorCode.Unavailable)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"step '{step}': still UNAVAILABLE after {deadline.Elapsed}", ex);
                }

                await Task.Delay(200);
            }
        }
    }

    /// <summary>Runs one step before the outage, naming it in the failure: nothing should fail there.</summary>
    private static async Task<T> Step<T>(string step, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"step '{step}' failed before Redis was stopped", ex);
        }
    }

    private static Task Step(string step, Func<Task> call) => Step(step, async () =>
    {
        await call();
        return true;
    });
}
