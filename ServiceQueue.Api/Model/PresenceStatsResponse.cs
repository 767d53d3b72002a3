namespace ServiceQueue.Api.Model;

/// <summary>How the branch's attendants spent [from, to): signed in, available, paused (and for what), in whole seconds.</summary>
public sealed record PresenceStatsResponse(string Branch, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AttendantPresenceFigures> Attendants);
