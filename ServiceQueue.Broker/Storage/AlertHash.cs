using System.Globalization;
using ServiceQueue.Broker.Model;

namespace ServiceQueue.Broker.Storage;

/// <summary>
/// An alert's Redis hash (<c>P al:&lt;id&gt;</c>: <c>id branch queue kind active raised updated cleared value threshold ack ack_by</c>,
/// times in ms, <c>branch</c> "" for the default) to the model; events carry the same hash.
/// </summary>
internal static class AlertHash
{
    public static QueueAlert ToAlert(IReadOnlyDictionary<string, string> hash, string defaultBranch) => new(
        TicketHash.Text(hash, "id"),
        TicketHash.Text(hash, "branch") is { Length: > 0 } branch ? branch : defaultBranch,
        TicketHash.Text(hash, "queue"),
        TicketHash.Text(hash, "kind") switch
        {
            "waiting_past_sla" => AlertKind.WaitingPastSla,
            "waiting_over" => AlertKind.WaitingOver,
            "no_attendant" => AlertKind.NoAttendant,
            "service_over" => AlertKind.ServiceOver,
            var kind => throw new InvalidDataException($"Unknown alert kind '{kind}' in Redis."),
        },
        TicketHash.Text(hash, "active") == "1",
        Time(hash, "raised") ?? DateTimeOffset.UnixEpoch,
        Time(hash, "updated") ?? DateTimeOffset.UnixEpoch,
        Time(hash, "cleared"),
        TicketHash.Number(hash, "value"),
        TicketHash.Number(hash, "threshold"),
        Time(hash, "ack"),
        TicketHash.Text(hash, "ack_by"));

    private static DateTimeOffset? Time(IReadOnlyDictionary<string, string> hash, string field) =>
        long.TryParse(TicketHash.Text(hash, field), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
