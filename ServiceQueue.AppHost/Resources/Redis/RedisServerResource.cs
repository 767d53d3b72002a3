namespace ServiceQueue.AppHost.Resources.Redis;

/// <summary>
/// Debian's <c>redis-server</c> as an executable resource: a password, an append-only file fsynced every
/// second, its files in <see cref="DataDirectory"/>. Used in run mode; published, Aspire.Hosting.Redis'
/// container resource describes the image instead.
/// </summary>
public sealed class RedisServerResource(string name, ParameterResource password, string dataDirectory)
    : ExecutableResource(name, "/usr/bin/redis-server", dataDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    public string DataDirectory { get; } = dataDirectory;

    public string ConfigFile => Path.Combine(DataDirectory, "redis.conf");

    /// <summary>StackExchange.Redis format, as contracts.md names it (the same as Aspire's Redis resource).</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");
}
