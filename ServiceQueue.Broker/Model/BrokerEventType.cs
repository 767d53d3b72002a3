namespace ServiceQueue.Broker.Model;

internal enum BrokerEventType
{
    Enqueued,
    Called,
    Recalled,
    Serving,
    Completed,
    NoShow,
    Parked,
    Resumed,
    Transferred,
    Moved,
    Removed,
    QueueUpdated,
    PresenceChanged,
    AlertRaised,
    AlertUpdated,
    AlertCleared,
    AlertAcknowledged,
}
