using System.Globalization;
using ServiceQueue.Broker.Model;
using StackExchange.Redis;

namespace ServiceQueue.Broker.Storage;

/// <summary>A queue definition's Redis hash to and from the model; durations are stored in ms.</summary>
internal static class QueueHash
{
    /// <summary>A hash without <c>branch</c> is the default branch's (every definition written before branches).</summary>
    public static QueueDefinition ToDefinition(IReadOnlyDictionary<string, string> hash, string defaultBranch) => new(
        TicketHash.Text(hash, "code"),
        TicketHash.Text(hash, "name"),
        TicketHash.Text(hash, "prefix"),
        TicketHash.Text(hash, "open") == "1",
        (int)TicketHash.Number(hash, "max_size"),
        (int)TicketHash.Number(hash, "prun"),
        TimeSpan.FromMilliseconds(TicketHash.Number(hash, "max_wait")),
        TimeSpan.FromMilliseconds(TicketHash.Number(hash, "sla")),
        (int)TicketHash.Number(hash, "recall_limit"),
        TimeSpan.FromMilliseconds(TicketHash.Number(hash, "recall_interval")),
        TicketHash.Text(hash, "tz"),
        TicketHash.Text(hash, "branch") is { Length: > 0 } branch ? branch : defaultBranch,
        ToAlertRules(hash));

    /// <summary>A definition from before alerts has no <c>al_*</c> fields: no rule.</summary>
    private static AlertRules? ToAlertRules(IReadOnlyDictionary<string, string> hash)
    {
        var rules = new AlertRules(
            TicketHash.Text(hash, "al_sla") == "1",
            (int)TicketHash.Number(hash, "al_over"),
            TicketHash.Text(hash, "al_noatt") == "1",
            TimeSpan.FromMilliseconds(TicketHash.Number(hash, "al_svc")));
        return rules == AlertRules.None ? null : rules;
    }

    /// <summary>Priority calls made in a row while normal tickets waited (kept beside the definition).</summary>

    /// <summary>upsert_queue.lua's ARGV[8..23]; <paramref name="storedBranch"/> is "" for the default branch.</summary>
    public static RedisValue[] ToArguments(QueueDefinition definition, string storedBranch)
    {
        var alerts = definition.Alerts ?? AlertRules.None;
        return
        [
        definition.Code,
        definition.Name,
        definition.NumberPrefix,
        definition.Open ? "1" : "0",
        definition.MaxSize,
        definition.PriorityRun,
        Ms(definition.MaxWait),
        Ms(definition.SlaTarget),
        definition.RecallLimit,
        Ms(definition.RecallMinInterval),
        definition.TimeZone,
        storedBranch,
        alerts.WaitingPastSla ? "1" : "0",
        alerts.WaitingOver,
        alerts.NoAttendant ? "1" : "0",
        Ms(alerts.ServiceOver),
        ];
    }

    private static string Ms(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
