namespace ServiceQueue.Broker.Model;

/// <summary>A ticket as the Broker keeps it. <see cref="Customer"/> is the caller's encrypted envelope, opaque here.</summary>
internal sealed record Ticket
{
    public required string Id { get; init; }

    public required string RequestId { get; init; }

    public required string Queue { get; init; }

    /// <summary>The branch code of <see cref="Queue"/>.</summary>
    public string Branch { get; init; } = "";

    public required string Number { get; init; }

    public PriorityClass Priority { get; init; }

    public string PriorityReason { get; init; } = "";

    public TicketChannel Channel { get; init; }

    public TicketState State { get; init; }

    public ReadOnlyMemory<byte> Customer { get; init; }

    public DateTimeOffset EnqueuedAt { get; init; }

    public DateTimeOffset WaitingSince { get; init; }

    public DateTimeOffset? CalledAt { get; init; }

    public DateTimeOffset? LastCalledAt { get; init; }

    public DateTimeOffset? ServingAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public DateTimeOffset? ParkedAt { get; init; }

    public string Attendant { get; init; } = "";

    public string Desk { get; init; } = "";

    public int RecallCount { get; init; }

    public required WaitEstimate QuotedEstimate { get; init; }

    public string Outcome { get; init; } = "";

    public string RemovalReason { get; init; } = "";

    public string TransferredFrom { get; init; } = "";

    public int TransferCount { get; init; }

    /// <summary>The ticket's key in its class line: lower is called earlier.</summary>
    public double Order { get; init; }

    public bool IsActive => State is TicketState.Called or TicketState.Serving;
}
