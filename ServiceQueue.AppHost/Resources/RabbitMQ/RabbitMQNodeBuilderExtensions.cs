using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using ServiceQueue.AppHost.LocalServers;

namespace ServiceQueue.AppHost.Resources.RabbitMQ;

public static class RabbitMQNodeBuilderExtensions
{
    /// <summary>
    /// RabbitMQ named <paramref name="name"/>: run, a node of Debian's rabbitmq-server with its user, the
    /// management plugin and its own epmd (data kept between runs); published, Aspire.Hosting.RabbitMQ's
    /// container resource with the management image.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMQNode(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.ExecutionContext.IsPublishMode)
        {
            // The same user name as run locally (Aspire's default would be guest, which RabbitMQ keeps to loopback).
            var userName = builder.AddParameter($"{name}-username", RabbitMQNodeResource.ApplicationUser);
            return builder.AddRabbitMQ(name, userName).WithManagementPlugin();
        }

        var password = builder.AddGeneratedPassword($"{name}-password").Resource;
        var folder = ServerFolders.For(builder, name);
        var node = new RabbitMQNodeResource(name, password, folder);
        foreach (var sub in new[] { "mnesia", "log", "home" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }

        // Erlang's port mapper and the node's distribution port are private to this node; they need no
        // DCP endpoint (nothing else connects to them), only ports nobody else uses.
        var portMapperPort = FreePort.Next();
        var distributionPort = FreePort.Next();
        var portMapperCheck = $"{name}-epmd_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            portMapperCheck, _ => new TcpHealthCheck(portMapperPort), failureStatus: null, tags: null));
        var resource = builder.AddResource(node);
        var portMapper = builder.AddExecutable($"{name}-epmd", "/usr/bin/epmd", folder,
                "-port", Invariant(portMapperPort), "-address", "127.0.0.1")
            .WithParentRelationship(resource)
            .WithHealthCheck(portMapperCheck)
            .ExcludeFromManifest();

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(node, async (_, cancellationToken) =>
        {
            var secret = await password.GetValueAsync(cancellationToken) ?? string.Empty;
            var definitions = Path.Combine(folder, "definitions.json");
            ServerFolders.WritePrivate(definitions, RabbitMqServer.Definitions(secret));
            File.WriteAllText(Path.Combine(folder, "enabled_plugins"), "[rabbitmq_management].\n");
            ServerFolders.WritePrivate(Path.Combine(folder, "rabbitmq.conf"), RabbitMqServer.ConfigFile(definitions));
        });

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new RabbitMQHealthCheck(node), failureStatus: null, tags: null));

        return resource
            .WithEndpoint(name: RabbitMQNodeResource.PrimaryEndpointName)
            .WithHttpEndpoint(name: RabbitMQNodeResource.ManagementEndpointName)
            .WithEnvironment(context =>
            {
                var env = context.EnvironmentVariables;
                env["HOME"] = Path.Combine(folder, "home");
                env["ERL_EPMD_PORT"] = Invariant(portMapperPort);
                env["RABBITMQ_NODENAME"] = node.NodeName;
                env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
                env["RABBITMQ_NODE_PORT"] = node.PrimaryEndpoint.Property(EndpointProperty.TargetPort);
                env["RABBITMQ_DIST_PORT"] = Invariant(distributionPort);
                env["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia");
                env["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log");
                env["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq");
                env["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins");
                env["RABBITMQ_PID_FILE"] = Path.Combine(folder, "rabbitmq.pid");
                // The node uses the port mapper above and never starts a daemon of its own that would outlive it;
                // the management listener takes the port DCP allocated, on loopback only.
                env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = ReferenceExpression.Create(
                    $"-start_epmd false -rabbitmq_management tcp_config [{{port,{node.ManagementEndpoint.Property(EndpointProperty.TargetPort)}}},{{ip,\"127.0.0.1\"}}]");
            })
            .WaitFor(portMapper)
            .WithIconName("Mailbox")
            .WithHealthCheck(healthCheck);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Ready when the application user opens an AMQP connection and the management API answers.</summary>
    private sealed class RabbitMQHealthCheck(RabbitMQNodeResource node) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var password = await node.PasswordParameter.GetValueAsync(cancellationToken) ?? string.Empty;
                var uri = await node.ConnectionStringExpression.GetValueAsync(cancellationToken);
                var factory = new ConnectionFactory { Uri = new Uri(uri!), RequestedConnectionTimeout = TimeSpan.FromSeconds(3) };
                await using (await factory.CreateConnectionAsync(cancellationToken))
                {
                }

                using var http = new HttpClient { BaseAddress = new Uri(node.ManagementEndpoint.Url), Timeout = TimeSpan.FromSeconds(3) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RabbitMQNodeResource.ApplicationUser}:{password}")));
                using var overview = await http.GetAsync(new Uri("api/overview", UriKind.Relative), cancellationToken);
                return overview.IsSuccessStatusCode
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"the management API answered {(int)overview.StatusCode}");
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(error.Message);
            }
        }
    }

    /// <summary>Ready when something accepts TCP connections on the loopback port.</summary>
    private sealed class TcpHealthCheck(int port) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (SocketException error)
            {
                return HealthCheckResult.Unhealthy(error.Message);
            }
        }
    }
}
