using System.Globalization;
using System.Text.RegularExpressions;

namespace ServiceQueue.Api.Apis;

/// <summary>Parses the query strings of the reporting routes into values, collecting field-level errors.</summary>
internal static partial class QueryParameters
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static (int Page, int PageSize) Paging(string? page, string? pageSize, ValidationErrors errors)
    {
        var number = Integer(page, "page", 1, 1, 1_000_000, errors);
        var size = Integer(pageSize, "pageSize", DefaultPageSize, 1, MaxPageSize, errors);
        return (number, size);
    }

    /// <summary>A window of a list by place: how many to skip (<paramref name="offset"/>) and how many to return.</summary>
    public static (int Offset, int Limit) Window(string? offset, string? limit, ValidationErrors errors)
    {
        var skip = Integer(offset, "offset", 0, 0, int.MaxValue, errors);
        var size = Integer(limit, "limit", DefaultPageSize, 1, MaxPageSize, errors);
        return (skip, size);
    }

    /// <summary>A half-open range [from, to) of RFC 3339 timestamps; either end may be absent.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) Range(string? from, string? to, ValidationErrors errors)
    {
        var start = Timestamp(from, "from", errors);
        var end = Timestamp(to, "to", errors);
        if (start is { } s && end is { } e && e <= s)
        {
            errors.Add("to", "'to' must be later than 'from'.");
        }

        return (start, end);
    }

    public static string? QueueCode(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var code = value.Trim().ToUpperInvariant();
        if (!ServiceRequestRules.IsQueueCode(code))
        {
            errors.Add(field, "A queue code is 1 to 16 characters of A-Z, 0-9, '_' and '-'.");
        }

        return code;
    }

    public static string? Text(string? value, string field, int maxLength, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (text.Length > maxLength)
        {
            errors.Add(field, $"'{field}' is at most {maxLength} characters.");
        }

        return text;
    }

    private static int Integer(string? value, string field, int fallback, int min, int max, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            errors.Add(field, $"'{field}' must be a whole number from {min} to {max}.");
            return fallback;
        }

        return number;
    }

    private static DateTimeOffset? Timestamp(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // RFC 3339 needs an offset: a bare local time would mean a different instant on every server.
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || !HasOffset(value))
        {
            errors.Add(field, $"'{field}' must be an RFC 3339 timestamp with an offset, e.g. 2026-11-21T09:00:00Z.");
            return null;
        }

        return parsed.ToUniversalTime();
    }

    private static bool HasOffset(string value) => OffsetPattern().IsMatch(value.Trim());

    [GeneratedRegex(@"T.*(Z|z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex OffsetPattern();
}
