using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.ServiceDefaults.Messaging;

namespace Microsoft.Extensions.Hosting;

/// <summary>What the Consumer runs: the RabbitMQ intake and its client of the Broker.</summary>
internal static class IntakeServiceExtensions
{
    public static IHostApplicationBuilder AddIntakeServices(this IHostApplicationBuilder builder)
    {
        builder.AddRabbitMQClient("rabbitmq");
        builder.AddBrokerClient();
        return builder;
    }
}
