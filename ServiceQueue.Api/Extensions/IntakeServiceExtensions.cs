using ServiceQueue.Api.BrokerClient;
using ServiceQueue.Api.Messaging;
using ServiceQueue.Api.Options;
using ServiceQueue.Api.Storage;

namespace ServiceQueue.Api.Extensions;

/// <summary>Queue definitions kept in line with the Broker, intake over RabbitMQ, and the rejections it reports back.</summary>
internal static class IntakeServiceExtensions
{
    public static IServiceCollection AddQueuesAndIntake(this IServiceCollection services)
    {
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QueueDefinitionStore>();
        services.AddSingleton<RejectedRequestStore>();
        services.AddSingleton<IntakeKeyStore>();
        services.AddSingleton<BrokerQueues>();
        services.AddSingleton<IntakePublisher>();

        // Registered after the database initializer, so they start once the schema exists; both work in the background.
        services.AddHostedService<QueueReconciler>();
        services.AddHostedService<RejectionListener>();

        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, IntakeHttpJsonContext.Default));
        return services;
    }
}
