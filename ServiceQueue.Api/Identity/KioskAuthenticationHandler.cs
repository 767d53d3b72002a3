using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Identity;

/// <summary>
/// <c>Authorization: Bearer sqk_...</c>: a kiosk's device token, looked up by its SHA-256. Anything else is no result
/// (a staff JWT is JwtBearer's business); a malformed, unknown or revoked device token fails.
/// </summary>
internal sealed class KioskAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, KioskDeviceCache devices)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[BearerPrefix.Length..].Trim();
        if (!token.StartsWith(KioskDeviceToken.Prefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        if (!KioskDeviceToken.IsWellFormed(token) || await devices.FindAsync(token, Context.RequestAborted) is not { } kiosk)
        {
            return AuthenticateResult.Fail("The device token is unknown or revoked.");
        }

        Claim[] claims =
        [
            new(ServiceQueueClaims.Subject, kiosk.Id),
            new(ServiceQueueClaims.Name, kiosk.Name),
            new(ServiceQueueClaims.Role, KioskAuthentication.Role),
            new(KioskAuthentication.KioskIdClaim, kiosk.Id),
            new(KioskAuthentication.BranchClaim, kiosk.Branch),
            new(KioskAuthentication.LanguageClaim, kiosk.Language),
            .. kiosk.Queues.Select(code => new Claim(KioskAuthentication.QueueClaim, code)),
        ];
        var identity = new ClaimsIdentity(claims, KioskAuthentication.Scheme, ServiceQueueClaims.Name, ServiceQueueClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), KioskAuthentication.Scheme));
    }
}
