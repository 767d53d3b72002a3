namespace ServiceQueue.Realtime.Model;

internal sealed record WaitingTicketView(TicketView Ticket, int Position, WaitEstimateView? Estimate);
