using System.Security.Claims;
using ServiceQueue.Api.Identity;

namespace ServiceQueue.Api.Apis;

/// <summary>The kiosk a request comes from, read from the claims the Kiosk scheme set (looked up moments ago, so current).</summary>
internal sealed record KioskCaller(string Id, string Name, string Branch, string Language, IReadOnlySet<string> Queues)
{
    public static KioskCaller From(ClaimsPrincipal principal) => new(
        Required(principal, KioskAuthentication.KioskIdClaim),
        principal.Identity?.Name ?? "",
        Required(principal, KioskAuthentication.BranchClaim),
        Required(principal, KioskAuthentication.LanguageClaim),
        principal.FindAll(KioskAuthentication.QueueClaim).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal));

    private static string Required(ClaimsPrincipal principal, string type) =>
        principal.FindFirstValue(type) ?? throw new InvalidOperationException($"A kiosk principal has no {type} claim.");
}
