using System.Globalization;
using ServiceQueue.Broker.Model;

namespace ServiceQueue.Broker.Storage;

internal static class EventMapper
{
    public static BrokerEvent ToEvent(StoredEvent stored, string defaultBranch) => new(
        long.Parse(stored.Cursor, CultureInfo.InvariantCulture),
        ParseType(stored.Type),
        stored.Queue,
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(stored.At, CultureInfo.InvariantCulture)),
        stored.Ticket is { } ticket ? TicketHash.ToTicket(ticket, defaultBranch) : null,
        stored.Def is { } def ? QueueHash.ToDefinition(def, defaultBranch) : null,
        stored.Target ?? "",
        int.TryParse(stored.Position, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position) ? position : 0,
        stored.Actor ?? "",
        stored.Before is { } before ? TicketHash.ToTicket(before, defaultBranch) : null,
        string.IsNullOrEmpty(stored.Branch) ? defaultBranch : stored.Branch,
        stored.Presence is { } presence ? PresenceMapper.ToPresence(presence, defaultBranch) : null,
        stored.Alert is { } alert ? AlertHash.ToAlert(alert, defaultBranch) : null);

    private static BrokerEventType ParseType(string type) => type switch
    {
        "enqueued" => BrokerEventType.Enqueued,
        "called" => BrokerEventType.Called,
        "recalled" => BrokerEventType.Recalled,
        "serving" => BrokerEventType.Serving,
        "completed" => BrokerEventType.Completed,
        "no_show" => BrokerEventType.NoShow,
        "parked" => BrokerEventType.Parked,
        "resumed" => BrokerEventType.Resumed,
        "transferred" => BrokerEventType.Transferred,
        "moved" => BrokerEventType.Moved,
        "removed" => BrokerEventType.Removed,
        "queue_updated" => BrokerEventType.QueueUpdated,
        "presence_changed" => BrokerEventType.PresenceChanged,
        "alert_raised" => BrokerEventType.AlertRaised,
        "alert_updated" => BrokerEventType.AlertUpdated,
        "alert_cleared" => BrokerEventType.AlertCleared,
        "alert_acknowledged" => BrokerEventType.AlertAcknowledged,
        _ => throw new InvalidDataException($"Unknown event type '{type}' in the stream."),
    };
}
