using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// Both hubs driven by the official JavaScript client the pages load, so the .NET client used by the other
/// hub tests never hides a difference on the wire (the token in the query string, camelCase JSON).
/// </summary>
public sealed class JavaScriptClientTests
{
    [Fact]
    public async Task The_JavaScript_client_calls_a_ticket_and_the_board_shows_the_number_and_desk_but_not_the_name()
    {
        var broker = await TestServers.GetBrokerAsync();
        var client = broker.CreateClient();
        await using var realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress);
        await using var peer = JavaScriptHubPeer.Start();
        var queue = await client.DefineQueueAsync();
        // The Broker lets a desk hold one ticket across queues: this test's desk is its own.
        var desk = TestServers.UniqueName("D");
        var token = realtime.TokenFor(TestServers.UniqueName("ana"), "Attendant", [queue], desk);

        var anonymous = await peer.ConnectAsync("anonymous", realtime.QueuesHub, accessToken: null, "QueueEvent");
        var attendant = await peer.ConnectAsync("ana", realtime.QueuesHub, token, "QueueEvent");
        var display = await peer.ConnectAsync("board", realtime.DisplayHub, accessToken: null, "NowCalling");
        Assert.False(anonymous.Ok);
        Assert.Contains("401", anonymous.Error);
        Assert.True(attendant.Ok, attendant.Error);
        Assert.True(display.Ok, display.Error);
        var subscribed = await peer.InvokeAsync("ana", "Subscribe", queue);
        var shown = await peer.InvokeAsync("board", "Subscribe", queue);
        Assert.True(subscribed.Ok, subscribed.Error);
        Assert.True(shown.Ok, shown.Error);

        var ticket = await client.EnqueueAsync(queue, realtime.Encryptor, "Joana Secret-Name");
        var called = await peer.InvokeAsync("ana", "CallNext", queue, null);

        Assert.True(called.Ok, called.Error);
        Assert.Equal(ticket.Id, called.Result.GetProperty("id").GetString());
        Assert.Equal("Joana Secret-Name", called.Result.GetProperty("customerName").GetString());
        var nowCalling = await peer.NextAsync("board", "NowCalling");
        Assert.Equal(["branch", "calledAt", "desk", "number", "queue"], nowCalling.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(ticket.Number, nowCalling.GetProperty("number").GetString());
        Assert.Equal(desk, nowCalling.GetProperty("desk").GetString());
        Assert.Equal("MAIN", nowCalling.GetProperty("branch").GetString());
        Assert.DoesNotContain("Joana", nowCalling.GetRawText());
        var refused = await peer.InvokeAsync("ana", "Move", ticket.Id, 1);
        Assert.False(refused.Ok);
        Assert.Contains("forbidden: Only supervisors and admins may move tickets", refused.Error);
    }
}
