namespace ServiceQueue.Api.Messaging;

/// <summary>Body of <c>request.rejected</c> on <c>servicequeue.events</c>, as the Consumer publishes it. No personal data.</summary>
internal sealed record RequestRejectedEvent(string? RequestId, string? Queue, string? Reason, string? Detail, DateTimeOffset? RejectedAt);
