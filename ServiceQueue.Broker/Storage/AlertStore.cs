using System.Globalization;
using ServiceQueue.Broker.Model;

namespace ServiceQueue.Broker.Storage;

/// <summary>
/// Service-level alerts (issue 18). The rules are evaluated by one script per branch (evaluate_alerts.lua) at the
/// caller's "now", so every Broker replica may tick: each run is atomic, and an alert is raised once per condition
/// start, updated when its value changes noticeably and cleared when the condition ends, each with one event.
/// </summary>
internal sealed class AlertStore(LuaScripts scripts, QueueStore queues)
{
    /// <summary>One tick of every alert rule of <paramref name="branch"/>'s queues.</summary>
    public async Task<AlertTick> EvaluateAsync(string branch, CancellationToken cancellationToken)
    {
        var stored = queues.StoredBranch(branch, "branch");
        var reply = await scripts.CallAsync(BrokerScript.EvaluateAlerts, [stored], cancellationToken);
        return new AlertTick(Count(reply.Raised), Count(reply.Updated), Count(reply.Cleared), reply.Skipped == "1");
    }

    /// <summary>The active alerts of <paramref name="branch"/> ("" = the default branch), oldest raise first.</summary>
    public async Task<IReadOnlyList<QueueAlert>> ListAlertsAsync(string branch, CancellationToken cancellationToken)
    {
        var stored = queues.StoredBranch(branch, "branch");
        var reply = await scripts.CallAsync(BrokerScript.ListAlerts, [stored], cancellationToken);
        return (reply.Alerts ?? [])
            .Select(a => AlertHash.ToAlert(a, queues.DefaultBranch))
            .OrderBy(a => a.RaisedAt)
            .ThenBy(a => long.Parse(a.Id, CultureInfo.InvariantCulture))
            .ToList();
    }

    /// <summary>Records who acknowledged an active alert; a repeat answers the first acknowledgement unchanged.</summary>
    public async Task<QueueAlert> AcknowledgeAsync(string id, string actor, CancellationToken cancellationToken)
    {
        InputRules.Identifier(id, "id");
        InputRules.Person(actor, "actor");
        var reply = await scripts.CallAsync(BrokerScript.AcknowledgeAlert, [id, actor], cancellationToken);
        return AlertHash.ToAlert(
            reply.Alert ?? throw new BrokerException(BrokerErrorCode.Internal, "bad_reply", "acknowledge_alert answered no alert"),
            queues.DefaultBranch);
    }

    private static int Count(string? value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
