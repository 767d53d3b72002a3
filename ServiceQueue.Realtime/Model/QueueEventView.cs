namespace ServiceQueue.Realtime.Model;

/// <summary>The <c>QueueEvent</c> message of <c>/hubs/queues</c> (contracts.md section 4).</summary>
internal sealed record QueueEventView(
    ulong Cursor,
    string Type,
    string Queue,
    string Branch,
    DateTimeOffset? OccurredAt,
    TicketView? Ticket,
    QueueDefinitionView? Definition,
    string? TargetQueue,
    int? Position,
    string? Actor);
