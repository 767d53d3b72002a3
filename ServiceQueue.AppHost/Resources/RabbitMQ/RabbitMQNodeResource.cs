using System.Security.Cryptography;
using System.Text;

namespace ServiceQueue.AppHost.Resources.RabbitMQ;

/// <summary>
/// One RabbitMQ node from Debian's files as an executable resource, with the management plugin and an
/// Erlang port mapper (epmd) of its own (a child resource), so nothing outlives the AppHost. Used in run
/// mode; published, Aspire.Hosting.RabbitMQ's container resource describes the image instead.
/// </summary>
public sealed class RabbitMQNodeResource(string name, ParameterResource password, string dataDirectory)
    : ExecutableResource(name, "/usr/lib/rabbitmq/bin/rabbitmq-server", dataDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";
    public const string ManagementEndpointName = "management";
    public const string ApplicationUser = "servicequeue";

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public EndpointReference ManagementEndpoint => field ??= new(this, ManagementEndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>The node's name: fixed per data folder, since a node finds its stored queues by name.</summary>
    public string NodeName { get; } =
        $"servicequeue-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..8]}@localhost";

    /// <summary>The default virtual host, as an AMQP URI (contracts.md).</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{ApplicationUser}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}/");
}
