namespace ServiceQueue.Realtime.Hubs;

/// <summary>SignalR group names: one per queue and audience, so personal data goes only where it may.</summary>
internal static class HubGroups
{
    /// <summary>Staff allowed to see customers' names.</summary>
    public static string Named(string queue) => $"queue:{queue}:named";

    /// <summary>Staff who receive events without customers' names.</summary>
    public static string Anonymous(string queue) => $"queue:{queue}:anonymous";

    /// <summary>Calling boards.</summary>
    public static string Display(string queue) => $"display:{queue}";
}
