namespace ServiceQueue.Broker.Model;

/// <summary>Where an attendant is in the presence state machine (docs/broker.md, Presence).</summary>
internal enum PresenceState
{
    Available,
    Paused,
    SignedOut,
}
