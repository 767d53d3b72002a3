using Microsoft.AspNetCore.SignalR;
using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>A long queue reaches the console a page at a time: Subscribe holds the first, WaitingPage the rest.</summary>
public sealed class QueuesHubPagingTests : IAsyncLifetime
{
    private const int PageSize = 50;
    private RealtimeFactory _realtime = null!;
    private QueueBroker.QueueBrokerClient _broker = null!;
    private readonly List<HubPeer> _peers = [];

    public async Task InitializeAsync()
    {
        var broker = await TestServers.GetBrokerAsync();
        _broker = broker.CreateClient();
        _realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress);
    }

    public async Task DisposeAsync()
    {
        foreach (var peer in _peers)
        {
            await peer.DisposeAsync();
        }

        await _realtime.DisposeAsync();
    }

    [Fact]
    public async Task Subscribe_returns_a_bounded_first_page_with_the_totals_and_WaitingPage_the_rest()
    {
        var queue = await _broker.DefineQueueAsync();
        var ids = new List<string>();
        for (var i = 0; i < PageSize + 12; i++)
        {
            ids.Add((await _broker.EnqueueAsync(queue, $"{queue}-{i}")).Id);
        }

        var ana = await ConnectAsync("ana", "Attendant", [queue]);

        var snapshot = await ana.InvokeAsync("Subscribe", queue);
        var rest = await ana.InvokeAsync("WaitingPage", queue, PageSize);
        var past = await ana.InvokeAsync("WaitingPage", queue, 500);

        var first = snapshot.GetProperty("waiting").EnumerateArray().ToList();
        Assert.Equal(PageSize, first.Count);
        Assert.Equal(PageSize + 12, snapshot.GetProperty("waitingTotal").GetInt32());
        Assert.Equal(ids.Take(PageSize), first.Select(w => w.GetProperty("ticket").GetProperty("id").GetString()));
        var second = rest.GetProperty("waiting").EnumerateArray().ToList();
        Assert.Equal(ids.Skip(PageSize), second.Select(w => w.GetProperty("ticket").GetProperty("id").GetString()));
        Assert.Equal(Enumerable.Range(PageSize + 1, 12), second.Select(w => w.GetProperty("position").GetInt32()));
        Assert.Equal((PageSize, PageSize + 12), (rest.GetProperty("offset").GetInt32(), rest.GetProperty("waitingTotal").GetInt32()));
        Assert.Empty(past.GetProperty("waiting").EnumerateArray());
    }

    [Fact]
    public async Task WaitingPage_is_refused_for_a_queue_the_attendant_does_not_serve_or_a_negative_offset()
    {
        var served = await _broker.DefineQueueAsync();
        var other = await _broker.DefineQueueAsync();
        var ana = await ConnectAsync("ana", "Attendant", [served]);

        var elsewhere = await Assert.ThrowsAsync<HubException>(() => ana.InvokeAsync("WaitingPage", other, 0));
        var negative = await Assert.ThrowsAsync<HubException>(() => ana.InvokeAsync("WaitingPage", served, -1));

        Assert.Contains($"forbidden: You do not serve queue {other}", elsewhere.Message);
        Assert.Contains("invalid_argument", negative.Message);
    }

    private async Task<HubPeer> ConnectAsync(string userName, string role, string[] queues)
    {
        var peer = await HubPeer.ConnectAsync(_realtime.QueuesHub, _realtime.TokenFor(TestServers.UniqueName(userName), role, queues, "D1"), "QueueEvent");
        _peers.Add(peer);
        return peer;
    }
}
