namespace ServiceQueue.Api.Model;

/// <summary>
/// One branch's figures over a time range, for comparing branches side by side: what its queues finished, its
/// waits (no percentiles across queues) and service times in seconds, and the share served within each queue's SLA.
/// </summary>
internal sealed record BranchFigures(
    string Branch,
    long Served,
    long NoShows,
    long Removed,
    long CancelledByCustomer,
    long TransferredOut,
    WaitFigures Wait,
    double? AverageServiceSeconds,
    double? ServedWithinSlaShare);
