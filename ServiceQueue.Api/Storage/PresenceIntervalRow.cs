namespace ServiceQueue.Api.Storage;

/// <summary>
/// A row of <c>attendant_presence</c>: a stretch of time an attendant spent in one state (available, or paused for
/// one reason) at one desk, from the Broker's PRESENCE_CHANGED events. <see cref="EndedAt"/> is null while it lasts.
/// </summary>
internal sealed class PresenceIntervalRow
{
    public long Id { get; set; }

    /// <summary>The event that opened the interval: unique, the second guard against writing an event twice.</summary>
    public string EventCursor { get; set; } = "";

    public string BranchCode { get; set; } = "";

    /// <summary>The attendant's <c>users.id</c>, when the name the Broker recorded is a user's.</summary>
    public string? AttendantUserId { get; set; }

    /// <summary>The attendant as the Broker recorded it (the user name).</summary>
    public string AttendantName { get; set; } = "";

    public string Desk { get; set; } = "";

    /// <summary><see cref="PresenceStates.Available"/> or <see cref="PresenceStates.Paused"/>.</summary>
    public string State { get; set; } = "";

    /// <summary>The pause's reason code; null while available.</summary>
    public string? PauseReason { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? EndedAt { get; set; }
}
