namespace ServiceQueue.Api.Storage;

/// <summary>
/// A row of <c>kiosk_tickets</c>: the ticket holder token handed out for one kiosk request id, sealed, so that a
/// repeated tap or a retry with the same Idempotency-Key gets the same token back.
/// </summary>
internal sealed class KioskTicketRow
{
    public string RequestId { get; set; } = "";
    public string KioskId { get; set; } = "";
    public string QueueCode { get; set; } = "";
    public byte[] HolderToken { get; set; } = [];
    public DateTime CreatedAt { get; set; }
}
