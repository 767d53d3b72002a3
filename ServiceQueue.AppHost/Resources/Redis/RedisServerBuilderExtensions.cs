using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceQueue.AppHost.LocalServers;

namespace ServiceQueue.AppHost.Resources.Redis;

public static class RedisServerBuilderExtensions
{
    /// <summary>
    /// Redis named <paramref name="name"/>: run, Debian's redis-server with a password and AOF (data kept
    /// between runs); published, Aspire.Hosting.Redis' container resource, whose image the cluster runs.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddRedis(name);
        }

        var password = builder.AddGeneratedPassword($"{name}-password").Resource;
        var server = new RedisServerResource(name, password, ServerFolders.For(builder, name));
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new RedisHealthCheck(server), failureStatus: null, tags: null));

        // The password goes in a file only the owner reads, not on the command line where `ps` shows it.
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, cancellationToken) =>
            ServerFolders.WritePrivate(server.ConfigFile, RedisServer.ConfigFile(
                server.DataDirectory, await password.GetValueAsync(cancellationToken) ?? string.Empty)));

        return builder.AddResource(server)
            .WithEndpoint(name: RedisServerResource.PrimaryEndpointName)
            .WithArgs(context =>
            {
                context.Args.Add(server.ConfigFile);
                context.Args.Add("--port");
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithIconName("Memory")
            .WithHealthCheck(healthCheck);
    }

    /// <summary>Ready when AUTH and PING answer OK and PONG through DCP's endpoint (not while Redis loads its AOF).</summary>
    private sealed class RedisHealthCheck(RedisServerResource server) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var endpoint = server.PrimaryEndpoint;
            var password = await server.PasswordParameter.GetValueAsync(cancellationToken) ?? string.Empty;
            return await RedisServer.PingAsync(endpoint.Host, endpoint.Port, password, cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Redis did not answer AUTH and PING yet");
        }
    }
}
