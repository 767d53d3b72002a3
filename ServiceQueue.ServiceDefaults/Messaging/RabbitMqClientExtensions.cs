using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using ServiceQueue.ServiceDefaults.Configuration;
using ServiceQueue.ServiceDefaults.Health;

namespace ServiceQueue.ServiceDefaults.Messaging;

/// <summary>The RabbitMQ client a service uses, from <c>ConnectionStrings__{name}</c> (as Aspire's RabbitMQ client integration does).</summary>
public static class RabbitMqClientExtensions
{
    public static TBuilder AddRabbitMQClient<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        var uri = builder.Configuration.GetRequiredConnectionString(connectionName, "RabbitMQ AMQP URI, amqp://user:password@host:port/vhost");
        var factory = new ConnectionFactory
        {
            Uri = Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "amqp" or "amqps"
                ? parsed
                : throw new InvalidSettingException($"ConnectionStrings:{connectionName}", "an AMQP URI (amqp://user:password@host:port/vhost)"),
            ClientProvidedName = builder.Environment.ApplicationName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };

        builder.Services.AddSingleton(factory);
        builder.Services.AddSingleton<RabbitMqConnection>();
        builder.Services.AddHealthChecks().AddReadyCheck<RabbitMqHealthCheck>(connectionName);
        return builder;
    }
}
