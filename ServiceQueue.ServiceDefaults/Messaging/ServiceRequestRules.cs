using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ServiceQueue.ServiceDefaults.Messaging;

/// <summary>
/// The limits of a service request (contracts.md section 2), shared by the Api, which checks a request
/// before publishing it, and the Consumer, which checks whatever arrives on the queue.
/// </summary>
public static partial class ServiceRequestRules
{
    public const int MaxNotes = 500;
    public const int MaxName = 200;
    public const int MaxDocument = 64;
    public const int MaxPhone = 32;
    public const int MaxEmail = 254;

    public static IReadOnlyList<string> Channels { get; } = ["kiosk", "web", "mobile", "partner", "staff"];

    public static IReadOnlyList<string> Priorities { get; } = ["normal", "priority"];

    /// <summary>1 to 64 of <c>[A-Za-z0-9_-]</c>: the request id, which is also the idempotency key.</summary>
    public static bool IsRequestId([NotNullWhen(true)] string? value) => value is not null && RequestIdPattern().IsMatch(value);

    /// <summary>1 to 16 of <c>[A-Z0-9_-]</c>, already upper-cased.</summary>
    public static bool IsQueueCode([NotNullWhen(true)] string? value) => value is not null && QueueCodePattern().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex(@"^[A-Z0-9_-]{1,16}\z", RegexOptions.CultureInvariant)]
    private static partial Regex QueueCodePattern();
}
