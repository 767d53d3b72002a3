using System.Text.RegularExpressions;
using ServiceQueue.ServiceDefaults.Presence;
using ServiceQueue.ServiceDefaults.Tickets;

namespace ServiceQueue.Broker.Model;

/// <summary>
/// Checks input before anything reaches Redis. A failure names the field as broker.proto spells it,
/// so a client learns exactly what to fix.
/// </summary>
internal static partial class InputRules
{
    public const int MaxCustomerBytes = 16 * 1024;

    /// <summary>Most items of one EnqueueBatch: bounds the time one script holds Redis (about 15 commands an item).</summary>
    public const int MaxBatchItems = 500;

    public static void BatchSize(int count, string field) =>
        Require(count is >= 1 and <= MaxBatchItems, field, $"must hold 1 to {MaxBatchItems} requests");

    public static void QueueCode(string? value, string field) =>
        Require(value is not null && QueueCodePattern().IsMatch(value), field, "must be 1 to 16 of A-Z, 0-9, '_' or '-'");

    /// <summary>A branch code follows the queue code's rule; "" (the default branch) is allowed.</summary>
    public static void BranchCode(string? value, string field) =>
        Require(value is not null && (value.Length == 0 || QueueCodePattern().IsMatch(value)), field, "must be empty (the default branch) or 1 to 16 of A-Z, 0-9, '_' or '-'");

    public static void Identifier(string? value, string field) =>
        Require(value is not null && IdentifierPattern().IsMatch(value), field, "must be 1 to 64 of A-Z, a-z, 0-9, '_' or '-'");

    public static void Person(string? value, string field) =>
        Require(value is not null && PersonPattern().IsMatch(value), field, "must be 1 to 64 of A-Z, a-z, 0-9, '_', '-', '.' or '@'");

    public static void OptionalPerson(string? value, string field)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Person(value, field);
        }
    }

    public static void Text(string? value, string field, int maxLength, bool required = true) =>
        Require(
            value is not null && (!required || value.Length > 0) && value.Length <= maxLength && !value.Any(char.IsControl),
            field,
            required ? $"must be 1 to {maxLength} characters, no control characters" : $"must be at most {maxLength} characters, no control characters");

    /// <summary>The ticket page token's hash: 64 lowercase hex digits (TicketHolderToken.Hash); empty when not required.</summary>
    public static void Holder(string? value, string field, bool required) =>
        Require((!required && string.IsNullOrEmpty(value)) || TicketHolderToken.IsHash(value), field, "must be 64 lowercase hex digits (the SHA-256 of the ticket page's token)");

    public const int MaxCustomerIndexBytes = 64;

    public static void CustomerIndex(ReadOnlyMemory<byte> value, int maxOpenTickets, string field)
    {
        Require(value.Length <= MaxCustomerIndexBytes, field, $"must be at most {MaxCustomerIndexBytes} bytes");
        Require(maxOpenTickets >= 0, "max_open_tickets", "must not be negative");
    }

    public static void Customer(ReadOnlyMemory<byte> value, string field) =>
        Require(value.Length <= MaxCustomerBytes, field, $"must be at most {MaxCustomerBytes} bytes");

    /// <summary>A work profile: 1 to <paramref name="max"/> queue codes.</summary>
    public static void PauseReasons(IReadOnlyCollection<string> codes, string field)
    {
        Require(codes.Count <= PauseReasonCodes.MaxPerBranch, field, $"must hold at most {PauseReasonCodes.MaxPerBranch} codes");
        foreach (var code in codes)
        {
            Require(PauseReasonCodes.IsCode(code), field, $"each must be 1 to {PauseReasonCodes.MaxLength} of a-z, 0-9 or '_'");
        }
    }

    public static void ProfileQueues(IReadOnlyCollection<string> codes, int max, string field)
    {
        Require(codes.Count >= 1 && codes.Count <= max, field, $"must hold 1 to {max} queue codes");
        foreach (var code in codes)
        {
            QueueCode(code, field);
        }
    }

    public static void Position(int value, string field) => Require(value >= 1, field, "must be 1 or more");

    public static void PageSize(int value, string field) =>
        Require(value is >= 0 and <= QueuePaging.MaxPageSize, field, $"must be from 0 (the default, {QueuePaging.DefaultPageSize}) to {QueuePaging.MaxPageSize}");

    public static void Offset(int value, string field) => Require(value >= 0, field, "must be 0 or more");

    public static void Definition(QueueDefinition definition)
    {
        QueueCode(definition.Code, "definition.code");
        Text(definition.Name, "definition.name", 100);
        Require(PrefixPattern().IsMatch(definition.NumberPrefix), "definition.number_prefix", "must be 1 to 4 of A-Z or 0-9");
        Require(definition.MaxSize >= 0, "definition.max_size", "must be 0 (no limit) or more");
        Require(definition.PriorityRun is >= 1 and <= 1000, "definition.priority_run", "must be 1 to 1000");
        Require(definition.MaxWait >= TimeSpan.Zero, "definition.max_wait", "must not be negative");
        Require(definition.SlaTarget >= TimeSpan.Zero, "definition.sla_target", "must not be negative");
        Require(definition.RecallLimit is >= 0 and <= 100, "definition.recall_limit", "must be 0 to 100");
        Require(definition.RecallMinInterval >= TimeSpan.Zero, "definition.recall_min_interval", "must not be negative");
        Require(TryFindTimeZone(definition.TimeZone, out _), "definition.time_zone", "must be an IANA time zone such as Europe/Lisbon");
        if (definition.Alerts is { } alerts)
        {
            Require(!alerts.WaitingPastSla || definition.SlaTarget > TimeSpan.Zero, "definition.alerts.waiting_past_sla", "needs a non-zero sla_target");
            Require(alerts.WaitingOver >= 0, "definition.alerts.waiting_over", "must be 0 (off) or more");
            Require(alerts.ServiceOver >= TimeSpan.Zero, "definition.alerts.service_over", "must not be negative");
        }
    }

    public static bool TryFindTimeZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    private static void Require(bool condition, string field, string rule)
    {
        if (!condition)
        {
            throw new BrokerException(BrokerErrorCode.InvalidArgument, field, $"{field} {rule}");
        }
    }

    [GeneratedRegex("^[A-Z0-9_-]{1,16}$")]
    private static partial Regex QueueCodePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,64}$")]
    private static partial Regex PersonPattern();

    [GeneratedRegex("^[A-Z0-9]{1,4}$")]
    private static partial Regex PrefixPattern();
}
