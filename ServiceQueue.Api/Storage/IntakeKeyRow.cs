namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>intake_keys</c>: an Idempotency-Key with the hash of the body it came with.</summary>
internal sealed class IntakeKeyRow
{
    public string RequestId { get; set; } = "";
    public byte[] BodyHash { get; set; } = [];
    public string QueueCode { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }
}
