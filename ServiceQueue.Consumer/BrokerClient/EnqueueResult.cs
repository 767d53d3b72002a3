using ServiceQueue.Consumer.Model;

namespace ServiceQueue.Consumer.BrokerClient;

/// <summary>What one Enqueue attempt came to: a ticket, a final refusal, or a failure worth retrying.</summary>
internal sealed record EnqueueResult(string? TicketId, bool Existing, Rejection? Rejection, string? TransientFailure)
{
    public static EnqueueResult Ticket(string ticketId, bool existing) => new(ticketId, existing, null, null);

    public static EnqueueResult Refused(Rejection rejection) => new(null, false, rejection, null);

    public static EnqueueResult Transient(string failure) => new(null, false, null, failure);
}
