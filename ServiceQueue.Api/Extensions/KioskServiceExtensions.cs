using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using ServiceQueue.Api.Identity;
using ServiceQueue.Api.Options;
using ServiceQueue.Api.Storage;

namespace ServiceQueue.Api.Extensions;

/// <summary>Kiosk devices: their store, the Kiosk authentication scheme and policy, and their ticket tokens.</summary>
internal static class KioskServiceExtensions
{
    public static IServiceCollection AddKiosks(this IServiceCollection services)
    {
        services.AddOptions<KioskOptions>().BindConfiguration(KioskOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<KioskDeviceStore>();
        services.AddSingleton<KioskDeviceCache>();
        services.AddSingleton<KioskTicketStore>();

        // A scheme beside JwtBearer, never the default: a device token is no access token anywhere else.
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, KioskAuthenticationHandler>(KioskAuthentication.Scheme, configureOptions: null);
        // Both schemes, so a staff token is recognised (and refused, 403) rather than unknown (401).
        services.AddAuthorizationBuilder().AddPolicy(KioskAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, KioskAuthentication.Scheme)
            .RequireRole(KioskAuthentication.Role));

        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, KioskJsonContext.Default));
        return services;
    }
}
