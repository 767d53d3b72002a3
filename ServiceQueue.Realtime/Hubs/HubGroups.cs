namespace ServiceQueue.Realtime.Hubs;

/// <summary>SignalR group names: one per queue and audience, so personal data goes only where it may.</summary>
internal static class HubGroups
{
    /// <summary>Staff following the queue on <c>/hubs/queues</c>; its events carry customers' names.</summary>
    public static string Staff(string queue) => $"queue:{queue}:staff";

    /// <summary>Calling boards.</summary>
    public static string Display(string queue) => $"display:{queue}";
}
