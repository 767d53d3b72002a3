using System.Security.Claims;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

internal static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's id (the token's <c>sub</c>); authorization guarantees there is one.</summary>
    public static string UserId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(ServiceQueueClaims.Subject) ?? throw new InvalidOperationException("The access token has no subject.");
}
