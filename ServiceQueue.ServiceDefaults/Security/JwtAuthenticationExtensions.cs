using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Security;

namespace Microsoft.Extensions.Hosting;

/// <summary>JWT bearer authentication with ServiceQueue's access tokens; see docs/security.md.</summary>
public static class JwtAuthenticationExtensions
{
    /// <summary>
    /// Binds and validates <c>Security:Jwt</c> at start, adds JwtBearer as the default scheme (the
    /// <c>access_token</c> query string accepted under <c>/hubs</c>), authorization with the
    /// <see cref="ServiceQueuePolicies"/>, and <see cref="AccessTokenIssuer"/>.
    /// </summary>
    public static TBuilder AddJwtAuthentication<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.SectionName)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearerOptions>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<AccessTokenIssuer>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ServiceQueuePolicies.Admin, policy => policy.RequireRole(ServiceQueueRoles.Admin))
            .AddPolicy(ServiceQueuePolicies.Supervisor, policy => policy.RequireRole(ServiceQueueRoles.Supervisor, ServiceQueueRoles.Admin))
            .AddPolicy(ServiceQueuePolicies.Staff, policy => policy.RequireRole(ServiceQueueRoles.All));
        return builder;
    }
}
