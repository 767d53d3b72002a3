using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.BrokerClient;
using ServiceQueue.Api.History;
using ServiceQueue.Api.Identity;
using ServiceQueue.Api.KeyRotation;
using ServiceQueue.Api.Options;
using ServiceQueue.Api.RateLimiting;
using ServiceQueue.Api.Storage;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.BrokerClient;
using ServiceQueue.ServiceDefaults.Health;

namespace ServiceQueue.Api.Extensions;

/// <summary>The Api's services: storage, identity, and the HTTP surface (problem details, CORS, OpenAPI).</summary>
internal static class ApiServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceQueueDatabase();
        builder.AddJwtAuthentication();
        builder.AddFieldEncryption();
        builder.AddIntakeMessaging();
        builder.AddBrokerClient<QueueBroker.QueueBrokerClient>(QueueBroker.Descriptor, static _ => BrokerQueues.Deadline);
        var services = builder.Services;

        services.AddServiceHistory().AddKeyRotation();

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName);
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<BootstrapAdmin>();
        services.AddSingleton<LoginAccountRateLimiter>();
        services.AddApiRateLimiting();
        services.AddQueuesAndIntake();
        services.AddKiosks();

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddOptions<FrontEndOptions>().BindConfiguration(FrontEndOptions.SectionName)
            .Validate(FrontEndOptions.AreOrigins, "Cors__AllowedOrigins__<n> must each be an origin: scheme, host and optional port, no path.")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<FrontEndOptions>>((cors, frontEnd) => cors.AddDefaultPolicy(policy =>
            policy.WithOrigins(frontEnd.Value.AllowedOrigins)
                .AllowAnyHeader()
                .AllowAnyMethod()
                .WithExposedHeaders("Location", "Retry-After")));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer<BearerSecuritySchemeTransformer>());
        return builder;
    }
}
