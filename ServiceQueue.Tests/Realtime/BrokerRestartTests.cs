using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ServiceQueue.AppHost.Hosting.Servers;
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
            await using var peer = SignalRPeer.Start();
            var client = broker.CreateClient();
            var queue = await client.DefineQueueAsync();
            var token = realtime.TokenFor(TestServers.UniqueName("ana"), "Attendant", [queue], "D1");
            Assert.True((await peer.ConnectAsync("a", realtime.QueuesHub, token, "QueueEvent")).Ok);
            var subscribed = await peer.InvokeAsync("a", "Subscribe", queue);
            Assert.True(subscribed.Ok, subscribed.Error);
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

            var received = new List<JsonElement>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (received.Count == 0 || received[^1].GetProperty("ticket").GetProperty("id").GetString() != marker.Id)
            {
                var message = await peer.Messages.Reader.ReadAsync(timeout.Token);
                if (message.Method == "QueueEvent")
                {
                    received.Add(message.Data);
                }
            }

            var expected = await client.EventsAsync(queue, subscribed.Result.GetProperty("cursor").GetUInt64(), received[^1].GetProperty("cursor").GetUInt64());
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
