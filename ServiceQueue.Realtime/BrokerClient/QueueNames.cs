using System.Collections.Concurrent;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.BrokerClient;

/// <summary>Queue names for ticket pages, kept a minute: every follower's refresh would otherwise read the definition again.</summary>
internal sealed class QueueNames(BrokerCommands broker, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<QueueAddress, (string Name, DateTimeOffset Until)> _names = new();

    public async Task<string> NameOfAsync(QueueAddress queue, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_names.TryGetValue(queue, out var known) && known.Until > now)
        {
            return known.Name;
        }

        var name = (await broker.GetQueueDefinitionAsync(queue, cancellationToken)).Definition?.Name ?? queue.Code;
        _names[queue] = (name, now + Lifetime);
        return name;
    }

    /// <summary>The queue was redefined: its name is read again next time.</summary>
    public void Forget(QueueAddress queue) => _names.TryRemove(queue, out _);
}
