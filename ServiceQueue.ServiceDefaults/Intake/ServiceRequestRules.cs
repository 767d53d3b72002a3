using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ServiceQueue.ServiceDefaults.Intake;

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

    /// <summary>
    /// How far in the future <c>requestedAt</c> may lie. Five minutes: what the Consumer, which decides, has
    /// always allowed (and the usual tolerance of token validation), so no request it took before is refused now.
    /// </summary>
    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>True when <paramref name="requestedAt"/> lies further ahead of <paramref name="now"/> than the skew allows; the boundary itself is accepted.</summary>
    public static bool LiesInTheFuture(DateTimeOffset requestedAt, DateTimeOffset now, TimeSpan maxClockSkew) => requestedAt > now + maxClockSkew;

    /// <summary>1 to 64 of <c>[A-Za-z0-9_-]</c>: the request id, which is also the idempotency key.</summary>
    public static bool IsRequestId([NotNullWhen(true)] string? value) => value is not null && RequestIdPattern().IsMatch(value);

    /// <summary>1 to 16 of <c>[A-Z0-9_-]</c>, already upper-cased.</summary>
    public static bool IsQueueCode([NotNullWhen(true)] string? value) => value is not null && QueueCodePattern().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex(@"^[A-Z0-9_-]{1,16}\z", RegexOptions.CultureInvariant)]
    private static partial Regex QueueCodePattern();
}
