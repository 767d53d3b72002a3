using System.Globalization;
using ServiceQueue.Broker.Model;

namespace ServiceQueue.Broker.Storage;

/// <summary>A ticket's Redis hash (short field names, strings, Unix ms) to and from the model.</summary>
internal static class TicketHash
{
    /// <summary>A hash without <c>branch</c> is the default branch's (every ticket written before branches).</summary>
    public static Ticket ToTicket(IReadOnlyDictionary<string, string> hash, string defaultBranch) => new()
    {
        Id = Text(hash, "id"),
        RequestId = Text(hash, "rid"),
        Queue = Text(hash, "queue"),
        Branch = Text(hash, "branch") is { Length: > 0 } branch ? branch : defaultBranch,
        Number = Text(hash, "number"),
        Priority = Text(hash, "prio") == "priority" ? PriorityClass.Priority : PriorityClass.Normal,
        PriorityReason = Text(hash, "preason"),
        Channel = ParseChannel(Text(hash, "channel")),
        State = ParseState(Text(hash, "state")),
        Customer = Convert.FromBase64String(Text(hash, "cust")),
        EnqueuedAt = Time(hash, "enq") ?? DateTimeOffset.UnixEpoch,
        WaitingSince = Time(hash, "since") ?? DateTimeOffset.UnixEpoch,
        CalledAt = Time(hash, "called"),
        LastCalledAt = Time(hash, "last_call"),
        ServingAt = Time(hash, "serving"),
        EndedAt = Time(hash, "ended"),
        ParkedAt = Time(hash, "parked"),
        Attendant = Text(hash, "att"),
        Desk = Text(hash, "desk"),
        RecallCount = (int)Number(hash, "recalls"),
        QuotedEstimate = new WaitEstimate(
            TimeSpan.FromMilliseconds(Number(hash, "est")),
            TimeSpan.FromMilliseconds(Number(hash, "est_opt")),
            (int)Number(hash, "est_ahead")),
        Outcome = Text(hash, "outcome"),
        RemovalReason = Text(hash, "reason"),
        TransferredFrom = Text(hash, "from"),
        TransferCount = (int)Number(hash, "transfers"),
        Order = double.TryParse(Text(hash, "order"), NumberStyles.Float, CultureInfo.InvariantCulture, out var order) ? order : 0,
    };

    public static string PriorityName(PriorityClass priority) => priority == PriorityClass.Priority ? "priority" : "normal";

    public static string ChannelName(TicketChannel channel) => channel == TicketChannel.Unspecified ? "" : channel.ToString().ToLowerInvariant();

    public static WaitEstimate? ToEstimate(IReadOnlyDictionary<string, string>? estimate) => estimate is null
        ? null
        : new WaitEstimate(
            TimeSpan.FromMilliseconds(Number(estimate, "expected")),
            TimeSpan.FromMilliseconds(Number(estimate, "optimistic")),
            (int)Number(estimate, "ahead"));

    public static string Text(IReadOnlyDictionary<string, string> hash, string field) => hash.TryGetValue(field, out var value) ? value : "";

    public static long Number(IReadOnlyDictionary<string, string> hash, string field) =>
        long.TryParse(Text(hash, field), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static DateTimeOffset? Time(IReadOnlyDictionary<string, string> hash, string field) =>
        long.TryParse(Text(hash, field), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static TicketState ParseState(string state) => state switch
    {
        "waiting" => TicketState.Waiting,
        "called" => TicketState.Called,
        "serving" => TicketState.Serving,
        "completed" => TicketState.Completed,
        "no_show" => TicketState.NoShow,
        "removed" => TicketState.Removed,
        "parked" => TicketState.Parked,
        _ => throw new InvalidDataException($"Unknown ticket state '{state}' in Redis."),
    };

    private static TicketChannel ParseChannel(string channel) =>
        Enum.TryParse<TicketChannel>(channel, ignoreCase: true, out var parsed) ? parsed : TicketChannel.Unspecified;
}
