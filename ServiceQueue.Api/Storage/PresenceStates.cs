namespace ServiceQueue.Api.Storage;

/// <summary>The <c>attendant_presence.state</c> values; signed out is the absence of an open interval.</summary>
internal static class PresenceStates
{
    public const string Available = "available";
    public const string Paused = "paused";
}
