namespace ServiceQueue.Api.Model;

/// <summary>
/// An alert of a queue (issue 18). <see cref="Kind"/>: <c>waiting_past_sla</c>, <c>waiting_over</c>, <c>no_attendant</c>,
/// <c>service_over</c>; <see cref="Value"/>, <see cref="PeakValue"/> and <see cref="Threshold"/> are seconds for the two
/// duration rules and ticket counts for the others. Active while <see cref="ClearedAt"/> is null.
/// </summary>
public sealed record AlertResponse(
    string Id,
    string Branch,
    string Queue,
    string Kind,
    bool Active,
    DateTimeOffset RaisedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClearedAt,
    long Value,
    long PeakValue,
    long Threshold,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy);
