namespace ServiceQueue.Broker.Model;

/// <summary>A ticket with its place and estimate while it waits (0 and null otherwise).</summary>
internal sealed record TicketLookup(Ticket Ticket, int Position, WaitEstimate? Estimate);
