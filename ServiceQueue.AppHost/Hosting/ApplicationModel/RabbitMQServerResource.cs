using ServiceQueue.AppHost.Hosting.Servers;

namespace ServiceQueue.AppHost.Hosting;

/// <summary>A RabbitMQ node with the management plugin.</summary>
public sealed class RabbitMQServerResource(string name) : ServerResource(name)
{
    public RabbitMqServer? RabbitMq => (RabbitMqServer?)Server;

    public override string? ConnectionString => RabbitMq?.ConnectionString;

    public override LocalServer CreateServer(LocalServerOptions options) =>
        new RabbitMqServer(options, nodeName: $"servicequeue-{Name}");
}
