using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>The open hub connections, so they can be closed when their snapshots can no longer be continued.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context) => _connections[context.ConnectionId] = context;

    public void Remove(HubCallerContext context) => _connections.TryRemove(context.ConnectionId, out _);

    /// <summary>Closes every connection; clients reconnect and subscribe again with fresh snapshots.</summary>
    public void AbortAll()
    {
        foreach (var context in _connections.Values)
        {
            context.Abort();
        }
    }
}
