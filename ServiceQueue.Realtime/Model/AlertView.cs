namespace ServiceQueue.Realtime.Model;

/// <summary>
/// A service-level alert as the supervisor page shows it (issue 18). <paramref name="Kind"/> is <c>waiting_past_sla</c>,
/// <c>waiting_over</c>, <c>no_attendant</c> or <c>service_over</c>; <paramref name="Value"/> and <paramref name="Threshold"/>
/// are seconds for the two durations and tickets for the two counts (docs/broker.md, Alerts).
/// <paramref name="AcknowledgedBy"/> is the user id of whoever acknowledged it.
/// </summary>
internal sealed record AlertView(
    string Id,
    string Branch,
    string Queue,
    string Address,
    string Kind,
    bool Active,
    DateTimeOffset? RaisedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? ClearedAt,
    long Value,
    long Threshold,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy);
