using ServiceQueue.Broker.Model;

namespace ServiceQueue.Broker.Events;

/// <summary>What a Watch stream sends: an event, or (when <see cref="Event"/> is null) a heartbeat at <see cref="Cursor"/>.</summary>
internal sealed record WatchItem(BrokerEvent? Event, long Cursor, DateTimeOffset At)
{
    public bool IsHeartbeat => Event is null;
}
