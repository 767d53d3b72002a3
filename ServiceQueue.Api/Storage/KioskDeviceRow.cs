namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>kiosk_devices</c>: an enrolled kiosk, known by the SHA-256 of its device token (never the token).</summary>
internal sealed class KioskDeviceRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string BranchCode { get; set; } = "";
    public string Language { get; set; } = "";
    public byte[] TokenHash { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Set once by a revocation; the row stays so the audit trail keeps its subject.</summary>
    public DateTime? RevokedAt { get; set; }

    public List<KioskDeviceQueueRow> Queues { get; set; } = [];
}
