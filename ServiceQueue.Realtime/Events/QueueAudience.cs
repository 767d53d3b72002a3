namespace ServiceQueue.Realtime.Events;

/// <summary>Who follows one queue on this instance; dropped as soon as nobody does.</summary>
internal sealed class QueueAudience
{
    public HashSet<StaffOutbox> Staff { get; } = [];

    public HashSet<DisplayOutbox> Displays { get; } = [];

    public bool IsEmpty => Staff.Count == 0 && Displays.Count == 0;
}
