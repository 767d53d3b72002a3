using System.Text.RegularExpressions;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Apis;

/// <summary>The rules for a queue definition, the Broker's own (broker.proto), checked here so the client learns them field by field.</summary>
internal static partial class QueueValidation
{
    public const int DefaultPriorityRun = 2;
    public const int DefaultRecallLimit = 2;
    public const int DefaultRecallMinIntervalSeconds = 20;
    private const int MaxSeconds = 7 * 24 * 3600;

    public static string? NormalizeCode(string? code) => code?.Trim().ToUpperInvariant();

    public static bool IsCode(string? code) => ServiceRequestRules.IsQueueCode(code);

    /// <summary>A queue of <paramref name="branch"/>; without a time zone it takes the branch's (<paramref name="branchTimeZone"/>).</summary>
    public static QueueSettings? Check(string branch, string branchTimeZone, string? code, QueueDefinitionRequest request, ValidationErrors errors)
    {
        if (!IsCode(code))
        {
            errors.Add("code", "The code is required: 1 to 16 characters of A-Z, 0-9, '_' and '-'.");
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(char.IsControl))
        {
            errors.Add("name", "The name is required: 1 to 100 characters, no control characters.");
        }

        var prefix = request.NumberPrefix?.Trim().ToUpperInvariant();
        if (prefix is null || !PrefixPattern().IsMatch(prefix))
        {
            errors.Add("numberPrefix", "The number prefix is required: 1 to 4 characters of A-Z and 0-9.");
        }

        var maxSize = request.MaxSize ?? 0;
        Range(errors, "maxSize", maxSize, 0, 100_000, "The most tickets waiting at once is 0 (no limit) to 100000.");
        var priorityRun = request.PriorityRun ?? DefaultPriorityRun;
        Range(errors, "priorityRun", priorityRun, 1, 1000, "The priority run is 1 to 1000.");
        var maxWait = request.MaxWaitSeconds ?? 0;
        Range(errors, "maxWaitSeconds", maxWait, 0, MaxSeconds, $"The maximum wait is 0 (no limit) to {MaxSeconds} seconds.");
        var sla = request.SlaSeconds ?? 0;
        Range(errors, "slaSeconds", sla, 0, MaxSeconds, $"The SLA target is 0 (none) to {MaxSeconds} seconds.");
        var recallLimit = request.RecallLimit ?? DefaultRecallLimit;
        Range(errors, "recallLimit", recallLimit, 0, 100, "The recall limit is 0 to 100.");
        var recallInterval = request.RecallMinIntervalSeconds ?? DefaultRecallMinIntervalSeconds;
        Range(errors, "recallMinIntervalSeconds", recallInterval, 0, 3600, "The least interval between calls is 0 to 3600 seconds.");

        var zone = string.IsNullOrWhiteSpace(request.TimeZone) ? branchTimeZone : request.TimeZone.Trim();
        if (zone.Length > 64 || !IsTimeZone(zone))
        {
            errors.Add("timeZone", "The time zone is an IANA name such as Europe/Lisbon.");
        }

        var customerFields = QueueCustomerFields.Normalize(request.CustomerFields);
        if (customerFields is null)
        {
            errors.Add("customerFields", "The customer fields are a list of \"name\" and \"phone\" (what a kiosk may ask; always optional for the customer).");
        }

        var alerts = request.Alerts;
        var waitingOver = alerts?.WaitingOver ?? 0;
        Range(errors, "alerts.waitingOver", waitingOver, 0, 100_000, "Alert when more than this many tickets wait: 0 (off) to 100000.");
        var serviceOver = alerts?.ServiceOverSeconds ?? 0;
        Range(errors, "alerts.serviceOverSeconds", serviceOver, 0, MaxSeconds, $"Alert when a service runs longer than this: 0 (off) to {MaxSeconds} seconds.");
        var pastSla = alerts?.WaitingPastSla ?? false;
        if (pastSla && sla == 0)
        {
            errors.Add("alerts.waitingPastSla", "An alert for tickets waiting past the SLA needs an SLA target (slaSeconds above 0).");
        }

        var rules = new QueueAlertRules(pastSla, waitingOver, alerts?.NoAttendant ?? false, serviceOver);
        return errors.IsValid
            ? new QueueSettings(branch, code!, name!, prefix!, request.Open ?? true, maxSize, priorityRun, maxWait, sla, recallLimit, recallInterval, zone, customerFields!, rules)
            : null;
    }

    private static void Range(ValidationErrors errors, string field, int value, int min, int max, string message)
    {
        if (value < min || value > max)
        {
            errors.Add(field, message);
        }
    }

    public static bool IsTimeZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Z0-9]{1,4}$")]
    private static partial Regex PrefixPattern();
}
