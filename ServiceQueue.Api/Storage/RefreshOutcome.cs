namespace ServiceQueue.Api.Storage;

internal enum RefreshOutcome
{
    Rotated,
    Unknown,
    Expired,
    Revoked,

    /// <summary>The token had already been exchanged: someone replayed it, so its whole family was revoked.</summary>
    Reused,
}
