using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>Validation of ServiceQueue access tokens: signature (HS256 only), issuer, audience and lifetime.</summary>
internal sealed class ConfigureJwtBearerOptions(IOptions<JwtOptions> jwt) : IConfigureNamedOptions<JwtBearerOptions>
{
    /// <summary>Browsers cannot set headers on WebSocket or SSE requests, so SignalR sends the token in the query.</summary>
    public static readonly PathString HubsPath = new("/hubs");

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        var settings = jwt.Value;
        options.MapInboundClaims = false;
        options.RequireHttpsMetadata = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = settings.Issuer,
            ValidateAudience = true,
            ValidAudience = settings.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = new SymmetricSecurityKey(settings.SigningKeyBytes()),
            // Pinned: a token naming any other algorithm (none, RS256 with our key as a "public key") is refused.
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = settings.ClockSkew,
            NameClaimType = ServiceQueueClaims.Name,
            RoleClaimType = ServiceQueueClaims.Role,
        };
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = static context =>
            {
                var token = context.Request.Query["access_token"];
                if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(HubsPath))
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            },
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
