using System.Globalization;
using ServiceQueue.AppHost.Hosting.Servers;

namespace ServiceQueue.AppHost.Hosting.Orchestration;

/// <summary>Supervises a local server (MariaDB, Redis, RabbitMQ) through its <see cref="LocalServer"/>.</summary>
internal sealed class ServerSupervisor(ServerResource resource, LocalServerOptions serverOptions, DistributedApplicationOptions options, ResourceConsole console)
    : ResourceSupervisor(resource.Name, "server", options, console)
{
    public override int? Pid => resource.Server is { IsRunning: true, Processes: [.., var main] } ? main.Id : null;

    public override IReadOnlyList<ResourceEndpoint> Endpoints => resource switch
    {
        MySqlServerResource { MariaDb: { } mariaDb } mySql =>
            [new("mysql", Tcp(mariaDb.Port)), .. mySql.Databases.Select(d => new ResourceEndpoint($"database {d.DatabaseName}", Tcp(mariaDb.Port)))],
        RedisResource { Server: RedisServer redis } => [new("redis", Tcp(redis.Port))],
        RabbitMQServerResource { RabbitMq: { } rabbitMq } =>
            [new("amqp", Tcp(rabbitMq.Port)), new("management", rabbitMq.ManagementUri.ToString().TrimEnd('/'))],
        _ => [],
    };

    protected override int? LastExitCode =>
        resource.Server?.Processes.FirstOrDefault(p => p.HasExited) is { } exited ? exited.ExitCode : null;

    protected override Task StartInitiallyAsync(CancellationToken cancellationToken) => resource.StartAsync(serverOptions, cancellationToken);

    protected override Task LaunchAsync(CancellationToken cancellationToken) => resource.RelaunchAsync(cancellationToken);

    protected override Task StopProcessAsync() => resource.Server?.StopAsync() ?? Task.CompletedTask;

    protected override Task<bool> CheckHealthAsync(CancellationToken cancellationToken) =>
        resource.Server?.IsHealthyAsync(cancellationToken) ?? Task.FromResult(false);

    protected override Task WhenExitedAsync() =>
        resource.Server is { Processes.Count: > 0 } server ? Task.WhenAny(server.Processes.Select(p => p.Exited)) : Task.CompletedTask;

    private static string Tcp(int port) => string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{port}");
}
