using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>Signs HS256 access tokens with the claims of <see cref="ServiceQueueClaims"/>.</summary>
public sealed class AccessTokenIssuer(IOptions<JwtOptions> options, TimeProvider timeProvider)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials =
        new(new SymmetricSecurityKey(options.Value.SigningKeyBytes()), SecurityAlgorithms.HmacSha256);

    public AccessToken Issue(AccessTokenRequest request, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "The lifetime must be positive.");
        }

        var now = timeProvider.GetUtcNow();
        var expires = now + lifetime;
        var id = Guid.NewGuid().ToString("N");
        var claims = new Dictionary<string, object>
        {
            [ServiceQueueClaims.Subject] = request.Subject,
            [ServiceQueueClaims.Name] = request.Name,
            [ServiceQueueClaims.Role] = request.Role,
            [ServiceQueueClaims.Queues] = request.Queues.ToArray(),
            [ServiceQueueClaims.TokenId] = id,
        };
        if (request.Branches.Count > 0)
        {
            claims[ServiceQueueClaims.Branches] = request.Branches.Select(g => g.ToString()).ToArray();
        }

        if (!string.IsNullOrEmpty(request.Desk))
        {
            claims[ServiceQueueClaims.Desk] = request.Desk;
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = _credentials,
        });
        return new AccessToken(token, id, expires);
    }
}
