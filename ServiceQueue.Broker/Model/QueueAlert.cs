namespace ServiceQueue.Broker.Model;

/// <summary>
/// One raise of an alert rule on a queue, from the raise until it clears. <see cref="Value"/> and
/// <see cref="Threshold"/> are seconds for the duration rules and ticket counts for the others.
/// </summary>
internal sealed record QueueAlert(
    string Id,
    string Branch,
    string Queue,
    AlertKind Kind,
    bool Active,
    DateTimeOffset RaisedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClearedAt,
    long Value,
    long Threshold,
    DateTimeOffset? AcknowledgedAt,
    string AcknowledgedBy);
