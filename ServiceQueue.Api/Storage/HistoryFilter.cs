namespace ServiceQueue.Api.Storage;

/// <summary>What <c>GET /history</c> narrows to; a null field does not filter. <see cref="Attendant"/> is a user id or a user name.</summary>
internal sealed record HistoryFilter(string Branch, string? Queue, string? Attendant, string? ServiceOutcome, DateTimeOffset? From, DateTimeOffset? To);
