using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.BrokerClient;

/// <summary>The Broker's attendant presence as the console's <see cref="PresenceView"/>.</summary>
internal static class PresenceViews
{
    public static PresenceView ToView(this AttendantPresence p, string defaultBranch)
    {
        var branch = string.IsNullOrEmpty(p.Branch) ? defaultBranch : p.Branch;
        return new(
            p.Attendant,
            branch,
            p.Desk,
            [.. p.Queues.Select(code => new QueueAddress(branch, code).ToString())],
            p.State switch
            {
                PresenceState.Available => "available",
                PresenceState.Paused => "paused",
                _ => "signed_out",
            },
            string.IsNullOrEmpty(p.PauseReason) ? null : p.PauseReason,
            p.Since?.ToDateTimeOffset(),
            p.SignedInAt?.ToDateTimeOffset(),
            string.IsNullOrEmpty(p.TicketId) ? null : p.TicketId);
    }
}
