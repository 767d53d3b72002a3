using System.Net;
using System.Net.Sockets;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Tests.Broker;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>A Broker of this test's own, stopped and started again in place under a subscribed client.</summary>
public sealed class BrokerRestartTests
{
    [Fact]
    public async Task A_client_subscribed_while_the_Broker_restarts_receives_every_event_in_order()
    {
        var settings = new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Broker__KeyPrefix"] = TestServers.CreateKeyPrefix(),
        };
        var broker = await BrokerServer.StartAsync(settings: settings);
        try
        {
            await using var realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress);
            var client = broker.CreateClient();
            var queue = await client.DefineQueueAsync();
            await using var ana = await HubPeer.ConnectAsync(realtime.QueuesHub, realtime.TokenFor(TestServers.UniqueName("ana"), "Attendant", [queue], "D1"), "QueueEvent");
            var subscribed = await ana.InvokeAsync("Subscribe", queue);
            for (var i = 0; i < 5; i++)
            {
                await client.EnqueueAsync(queue, realtime.Encryptor);
            }

            await broker.DisposeAsync();
            await realtime.WaitForHealthAsync(healthy: false);

            broker = await BrokerServer.StartAsync(settings: settings);
            client = broker.CreateClient();
            for (var i = 0; i < 5; i++)
            {
                await client.EnqueueAsync(queue, realtime.Encryptor);
            }

            var called = await client.CallNextAsync(queue, "bob", "D2");
            var marker = await client.EnqueueAsync(queue, realtime.Encryptor);
            await realtime.WaitForHealthAsync(healthy: true);

            var received = await ana.ReceiveUntilAsync("QueueEvent", e => e.GetProperty("ticket").GetProperty("id").GetString() == marker.Id);

            var expected = await client.EventsAsync(queue, subscribed.GetProperty("cursor").GetUInt64(), received[^1].GetProperty("cursor").GetUInt64());
            Assert.Equal(12, expected.Count);
            Assert.Equal(expected.Select(e => e.Cursor), received.Select(e => e.GetProperty("cursor").GetUInt64()));
            Assert.Contains(received, e => e.GetProperty("type").GetString() == "called" && e.GetProperty("ticket").GetProperty("id").GetString() == called!.Id);
        }
        finally
        {
            await broker.DisposeAsync();
        }
    }

}
