namespace ServiceQueue.Api.Model;

/// <summary>
/// The optional fields a queue asks a kiosk customer for (<c>customerFields</c>): a subset of name and phone,
/// stored as a comma-separated list in <c>queue_definitions.customer_fields</c>, always in this order.
/// </summary>
internal static class QueueCustomerFields
{
    public const string Name = "name";
    public const string Phone = "phone";

    public static IReadOnlyList<string> All { get; } = [Name, Phone];

    /// <summary>The fields named, in canonical order, or null when one is not a field (or <paramref name="fields"/> holds a null).</summary>
    public static IReadOnlyList<string>? Normalize(IReadOnlyList<string?>? fields)
    {
        if (fields is null)
        {
            return [];
        }

        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var normalized = field?.Trim().ToLowerInvariant();
            if (normalized is null || !All.Contains(normalized))
            {
                return null;
            }

            named.Add(normalized);
        }

        return [.. All.Where(named.Contains)];
    }

    public static string Format(IReadOnlyList<string> fields) => string.Join(',', fields);

    public static IReadOnlyList<string> Parse(string? column) =>
        string.IsNullOrEmpty(column) ? [] : [.. All.Where(column.Split(',').Contains)];
}
