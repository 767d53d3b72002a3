using ServiceQueue.Broker.V1;
using ServiceQueue.Realtime.Model;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Realtime.BrokerClient;

/// <summary>
/// The supervisor page's figures from the Broker's queue summaries and presence. The service level is decided here
/// and only here, so every replica and every page says the same about a queue.
/// </summary>
internal static class FloorViews
{
    /// <summary>Share of the SLA target at which a queue's longest wait puts it at risk.</summary>
    public const double AtRiskShare = 0.8;

    public static FloorView ToFloor(
        string branch, DateTimeOffset now, ListQueuesResponse queues, ListPresenceResponse presence, ListAlertsResponse alerts, string defaultBranch)
    {
        var attendants = presence.Attendants.Select(ToView).ToList();
        return new FloorView(
            branch,
            now,
            [.. queues.Queues.Where(q => q.Definition is not null).Select(q => ToView(q, now, attendants, defaultBranch))],
            attendants,
            [.. alerts.Alerts.Select(a => ToView(a, defaultBranch))]);
    }

    public static AlertView ToView(QueueAlert alert, string defaultBranch)
    {
        var branch = BrokerBranches.Or(alert.Branch, defaultBranch);
        return new AlertView(
            alert.Id,
            branch,
            alert.Queue,
            new QueueAddress(branch, alert.Queue).ToString(),
            alert.Kind switch
            {
                AlertKind.WaitingPastSla => "waiting_past_sla",
                AlertKind.WaitingOver => "waiting_over",
                AlertKind.NoAttendant => "no_attendant",
                AlertKind.ServiceOver => "service_over",
                _ => "unspecified",
            },
            alert.Active,
            alert.RaisedAt?.ToDateTimeOffset(),
            alert.UpdatedAt?.ToDateTimeOffset(),
            alert.ClearedAt?.ToDateTimeOffset(),
            alert.Value,
            alert.Threshold,
            alert.AcknowledgedAt?.ToDateTimeOffset(),
            string.IsNullOrEmpty(alert.AcknowledgedBy) ? null : alert.AcknowledgedBy);
    }

    public static FloorQueueView ToView(QueueSummary summary, DateTimeOffset now, IReadOnlyList<FloorAttendantView> attendants, string defaultBranch)
    {
        var definition = summary.Definition;
        int? longest = summary.OldestWaitingSince is { } since ? Math.Max(0, (int)(now - since.ToDateTimeOffset()).TotalSeconds) : null;
        var sla = definition.SlaTarget is { } target && target.ToTimeSpan() > TimeSpan.Zero ? (int?)target.ToTimeSpan().TotalSeconds : null;
        var estimate = summary.Estimate is { } e
            ? new WaitRangeView((int)Math.Round(e.Optimistic?.ToTimeSpan().TotalSeconds ?? 0), (int)Math.Round(e.Expected?.ToTimeSpan().TotalSeconds ?? 0))
            : new WaitRangeView(0, 0);
        var staff = attendants.Where(a => a.Queues.Contains(definition.Code, StringComparer.Ordinal)).ToList();
        var (level, cause) = ServiceLevel(longest, estimate.MaxSeconds, sla);
        return new FloorQueueView(
            definition.AddressOf(defaultBranch).ToString(),
            definition.Code,
            definition.Name,
            definition.Open,
            summary.Waiting,
            summary.Active,
            summary.Parked,
            longest,
            estimate,
            summary.ServedLastHour,
            sla,
            level,
            cause,
            staff.Count(a => a.State == "serving"),
            staff.Count(a => a.State == "idle"),
            staff.Count(a => a.State == "paused"));
    }

    /// <summary>
    /// <c>none</c> without a target; <c>breached</c> past it (cause <c>longest_wait</c>); <c>at_risk</c> near it
    /// (<c>longest_wait</c>) or when a newcomer would be quoted past it (<c>newcomer_quote</c>); else <c>ok</c>.
    /// </summary>
    public static (string Level, string? Cause) ServiceLevel(int? longestWaitSeconds, int newcomerQuoteSeconds, int? slaSeconds) => slaSeconds switch
    {
        null => ("none", null),
        { } sla when longestWaitSeconds > sla => ("breached", "longest_wait"),
        { } sla when longestWaitSeconds >= sla * AtRiskShare => ("at_risk", "longest_wait"),
        { } sla when newcomerQuoteSeconds > sla => ("at_risk", "newcomer_quote"),
        _ => ("ok", null),
    };

    public static FloorAttendantView ToView(AttendantPresence presence) => new(
        presence.Attendant,
        presence.Desk,
        [.. presence.Queues],
        presence.State == PresenceState.Paused ? "paused" : presence.TicketId.Length > 0 ? "serving" : "idle",
        presence.State == PresenceState.Paused ? presence.PauseReason : null,
        presence.Since?.ToDateTimeOffset());
}
