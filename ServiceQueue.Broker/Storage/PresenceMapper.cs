using System.Globalization;
using ServiceQueue.Broker.Model;

namespace ServiceQueue.Broker.Storage;

internal static class PresenceMapper
{
    public static AttendantPresence ToPresence(StoredPresence stored, string defaultBranch) => new(
        stored.Att,
        string.IsNullOrEmpty(stored.Branch) ? defaultBranch : stored.Branch,
        stored.Desk,
        stored.Queues,
        stored.State switch
        {
            "available" => PresenceState.Available,
            "paused" => PresenceState.Paused,
            "signed_out" => PresenceState.SignedOut,
            _ => throw new InvalidDataException($"Unknown presence state '{stored.State}' in Redis."),
        },
        stored.Reason,
        Time(stored.Since),
        Time(stored.SignedIn),
        stored.Ticket);

    private static DateTimeOffset Time(string ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.TryParse(ms, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0);
}
