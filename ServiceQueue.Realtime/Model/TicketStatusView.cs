namespace ServiceQueue.Realtime.Model;

/// <summary>
/// What the ticket page shows its holder: the number, where it stands, and the desk once called. Nothing
/// about the person, the request or the attendant, and neither the ticket's id nor the holder's hash.
/// </summary>
internal sealed record TicketStatusView(
    string Number,
    string Queue,
    string QueueName,
    string Branch,
    string State,
    int? Position,
    WaitRangeView? Estimate,
    string? Desk,
    DateTimeOffset? CalledAt,
    int RecallCount);
