namespace ServiceQueue.Api.Model;

/// <summary>
/// Where a service request stands. Never personal data: anyone holding the request id may read it.
/// <see cref="Status"/> is one of pending, waiting, parked, called, serving, completed, no_show, removed, rejected.
/// <see cref="Branch"/> is the ticket's branch (the default branch's code included) once the Broker holds it.
/// </summary>
public sealed record ServiceRequestStatus(
    string RequestId,
    string Status,
    string? Queue,
    string? Number,
    int? Position,
    int? EstimatedWaitSeconds,
    string? Desk,
    string? Reason,
    string? Detail,
    DateTimeOffset? Since,
    string? Branch = null);
