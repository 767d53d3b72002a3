namespace ServiceQueue.Broker.Model;

internal sealed record WaitingTicket(Ticket Ticket, int Position, WaitEstimate Estimate);
