using Aspire.RabbitMQ.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using ServiceQueue.ServiceDefaults.Configuration;
using ServiceQueue.ServiceDefaults.Health;
using ServiceQueue.ServiceDefaults.Intake;

namespace Microsoft.Extensions.Hosting;

/// <summary>What a service on the intake (the Api, the Consumer) adds: RabbitMQ through Aspire's client integration, and the shared clock-skew setting.</summary>
public static class IntakeMessagingExtensions
{
    // The name Aspire.RabbitMQ.Client gives its health check; renamed to the contract's name below.
    private const string IntegrationHealthCheckName = "RabbitMQ.Client";

    /// <summary>
    /// Registers the intake's <see cref="IConnection"/> from <c>ConnectionStrings__rabbitmq</c> with the
    /// integration's health check (as the ready check <c>rabbitmq</c>) and tracing. A missing or non-AMQP
    /// URI stops the start with one line naming the key; RabbitMQ being down does not.
    /// </summary>
    public static TBuilder AddIntakeMessaging<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var key = $"ConnectionStrings:{IntakeConnection.Name}";
        var uri = builder.Configuration.GetRequiredConnectionString(IntakeConnection.Name, "RabbitMQ AMQP URI, amqp://user:password@host:port/vhost");
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidSettingException(key, "an AMQP URI (amqp://user:password@host:port/vhost)");
        }

        var applicationName = builder.Environment.ApplicationName;
        builder.AddRabbitMQClient(IntakeConnection.Name, ConfigureClient, factory => ConfigureFactory(factory, applicationName));
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var check in options.Registrations.Where(check => check.Name == IntegrationHealthCheckName))
            {
                check.Name = IntakeConnection.Name;
                check.Tags.Add(HealthTags.Ready);
            }
        });

        builder.Services.AddOptions<ClockSkewOptions>()
            .BindConfiguration(ClockSkewOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }

    private static void ConfigureClient(RabbitMQClientSettings settings)
    {
        // Connect on first use, never in the host's start: a service must start, and answer /alive, while RabbitMQ is down.
        settings.DisableAutoActivation = true;
        // One attempt per resolution: the services' own loops try again every second, and a request must not wait out a backoff.
        settings.MaxConnectRetryCount = 0;
    }

    private static void ConfigureFactory(ConnectionFactory factory, string applicationName)
    {
        factory.ClientProvidedName = applicationName;
        // Once connected, the client restores the connection, its channels, declarations and consumers by itself.
        factory.AutomaticRecoveryEnabled = true;
        factory.TopologyRecoveryEnabled = true;
        factory.NetworkRecoveryInterval = TimeSpan.FromSeconds(2);
        factory.RequestedConnectionTimeout = TimeSpan.FromSeconds(5);
    }
}
