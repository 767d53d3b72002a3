using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Consumer.BrokerClient;
using ServiceQueue.Consumer.Health;
using ServiceQueue.Consumer.Intake;
using ServiceQueue.Consumer.Messaging;
using ServiceQueue.Consumer.Options;
using ServiceQueue.Consumer.Telemetry;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.BrokerClient;
using ServiceQueue.ServiceDefaults.Health;

namespace Microsoft.Extensions.Hosting;

/// <summary>What the Consumer runs: the RabbitMQ intake, its client of the Broker, and the encryption of personal data.</summary>
internal static class IntakeServiceExtensions
{
    public static IHostApplicationBuilder AddIntakeServices(this IHostApplicationBuilder builder)
    {
        builder.AddIntakeMessaging();
        builder.AddBrokerClient<QueueBroker.QueueBrokerClient>(
            QueueBroker.Descriptor, static services => services.GetRequiredService<IOptions<IntakeOptions>>().Value.BrokerDeadline);
        builder.AddFieldEncryption();
        builder.Services.AddBranchOptions();

        builder.Services.AddOptions<IntakeOptions>()
            .BindConfiguration(IntakeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IntakeTelemetry>();
        builder.Services.AddSingleton<RequestValidator>();
        builder.Services.AddSingleton<BrokerIntakeClient>();
        builder.Services.AddSingleton<QueueCatalog>();
        builder.Services.AddHostedService(static services => services.GetRequiredService<QueueCatalog>());
        builder.Services.AddSingleton<RejectionPublisher>();
        builder.Services.AddSingleton<IntakeProcessor>();
        builder.Services.AddSingleton<IntakeConsumer>();
        builder.Services.AddHostedService(static services => services.GetRequiredService<IntakeConsumer>());
        builder.Services.AddHealthChecks().AddReadyCheck<IntakeConsumerHealthCheck>("intake");
        return builder;
    }
}
