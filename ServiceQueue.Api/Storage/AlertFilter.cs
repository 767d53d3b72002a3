namespace ServiceQueue.Api.Storage;

/// <summary>What <c>GET /alerts</c> narrows to: the branch, and optionally a queue, active or cleared, and when they were raised.</summary>
internal sealed record AlertFilter(string Branch, string? Queue, bool? Active, DateTimeOffset? From, DateTimeOffset? To);
