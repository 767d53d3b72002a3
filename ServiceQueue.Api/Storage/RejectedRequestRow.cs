namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>rejected_requests</c>.</summary>
internal sealed class RejectedRequestRow
{
    public string RequestId { get; set; } = "";
    public string BranchCode { get; set; } = "";
    public string QueueCode { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? Detail { get; set; }
    public DateTime RejectedAt { get; set; }
    public DateTime RecordedAt { get; set; }
}
