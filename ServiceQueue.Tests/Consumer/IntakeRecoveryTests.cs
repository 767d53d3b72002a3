using ServiceQueue.Tests.Infrastructure;
using static ServiceQueue.Tests.Consumer.IntakeRig;

namespace ServiceQueue.Tests.Consumer;

/// <summary>Invariants 1 and 7 under failure: outages cost delay, never a lost or doubled request.</summary>
public sealed class IntakeRecoveryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task The_Broker_stopped_for_ten_seconds_while_1000_requests_are_published_gives_exactly_1000_tickets()
    {
        await using var rig = await StartAsync();
        await rig.UpsertQueueAsync("GEN");
        var ids = Enumerable.Range(0, 1000).Select(i => $"down-{i:D4}").ToArray();

        var publishing = Task.Run(async () =>
        {
            foreach (var id in ids)
            {
                await rig.PublishAsync(Request(id));
            }
        });
        await Eventually.ReadAsync(() => rig.GetQueueAsync("GEN"), q => q.Waiting.Count > 0, TimeSpan.FromSeconds(30));
        await rig.KillBrokerAsync();
        var down = DateTime.UtcNow;
        while (DateTime.UtcNow - down < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(500);
        }

        await rig.StartBrokerAsync();
        await publishing;

        var queue = await Eventually.ReadAsync(() => rig.GetQueueAsync("GEN"), q => q.Waiting.Count >= ids.Length, Bound);
        Assert.Equal(ids.Order(), queue.Waiting.Select(w => w.Ticket.RequestId).Order());
        var channel = await (await rig.AmqpAsync()).CreateChannelAsync();
        Assert.Equal(0u, await channel.MessageCountAsync(DeadQueue));
    }

    [Fact]
    public async Task The_Consumer_killed_mid_stream_and_started_again_loses_no_request_and_doubles_none()
    {
        await using var rig = await StartAsync();
        await rig.UpsertQueueAsync("GEN");
        var ids = Enumerable.Range(0, 600).Select(i => $"kill-{i:D4}").ToArray();

        var publishing = Task.Run(async () =>
        {
            foreach (var id in ids)
            {
                await rig.PublishAsync(Request(id));
            }
        });
        await Eventually.ReadAsync(() => rig.GetQueueAsync("GEN"), q => q.Waiting.Count >= 50, TimeSpan.FromSeconds(60));
        await rig.KillConsumerAsync();
        var afterKill = (await rig.GetQueueAsync("GEN")).Waiting.Count;

        await rig.StartConsumerAsync();
        await publishing;

        var queue = await Eventually.ReadAsync(() => rig.GetQueueAsync("GEN"), q => q.Waiting.Count >= ids.Length, Bound);
        Assert.True(afterKill < ids.Length, "the kill should land mid-stream");
        Assert.True(queue.Waiting.Count == ids.Length, $"{queue.Waiting.Count} tickets\n{rig.Output}");
        Assert.Equal(ids.Order(), queue.Waiting.Select(w => w.Ticket.RequestId).Order());
        // Numbers are one per ticket: a doubled enqueue would have taken a second number.
        Assert.Equal(ids.Length, queue.Waiting.Select(w => w.Ticket.Number).Distinct().Count());
    }

    [Fact]
    public async Task A_stopped_Consumer_returns_the_requests_it_could_not_finish_and_they_become_tickets_later()
    {
        await using var rig = await StartAsync(new Dictionary<string, string> { ["Intake__ShutdownGrace"] = "00:00:02" });
        await rig.UpsertQueueAsync("GEN");
        await rig.KillBrokerAsync();
        var ids = Enumerable.Range(0, 50).Select(i => $"term-{i:D2}").ToArray();
        foreach (var id in ids)
        {
            await rig.PublishAsync(Request(id));
        }

        // Give the Consumer the deliveries to hold: RabbitMQ shows them as unacknowledged, not ready.
        var channel = await (await rig.AmqpAsync()).CreateChannelAsync();
        await Eventually.ReadAsync(() => channel.MessageCountAsync("servicequeue.intake"), ready => ready == 0, TimeSpan.FromSeconds(30));

        var (took, exitCode) = await rig.TerminateConsumerAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exitCode);
        Assert.True(took < TimeSpan.FromSeconds(20), $"took {took}");
        Assert.Equal((uint)ids.Length, await channel.MessageCountAsync("servicequeue.intake"));

        await rig.StartBrokerAsync();
        await rig.StartConsumerAsync();
        var queue = await Eventually.ReadAsync(() => rig.GetQueueAsync("GEN"), q => q.Waiting.Count >= ids.Length, Bound);
        Assert.Equal(ids.Order(), queue.Waiting.Select(w => w.Ticket.RequestId).Order());
    }
}
