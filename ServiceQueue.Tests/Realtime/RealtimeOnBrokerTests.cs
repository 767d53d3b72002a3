using ServiceQueue.Broker.V1;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// What a test of Realtime's hubs starts with, fresh for each test: a Realtime following the run's shared Broker, a
/// client of that Broker, and the hub connections the test opens (<see cref="Track"/>), closed when it ends. Tests
/// stay apart by their own queue codes, branches and names.
/// </summary>
public abstract class RealtimeOnBrokerTests : IAsyncLifetime
{
    private readonly List<HubPeer> _peers = [];

    internal RealtimeFactory Realtime { get; private set; } = null!;

    internal QueueBroker.QueueBrokerClient Calls { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var broker = await TestServers.GetBrokerAsync();
        Calls = broker.CreateClient();
        Realtime = await RealtimeFactory.StartAsync(broker.GrpcAddress);
    }

    public async Task DisposeAsync()
    {
        foreach (var peer in _peers)
        {
            await peer.DisposeAsync();
        }

        await Realtime.DisposeAsync();
    }

    /// <summary>Closes <paramref name="peer"/> when the test ends.</summary>
    internal HubPeer Track(HubPeer peer)
    {
        _peers.Add(peer);
        return peer;
    }
}
