namespace ServiceQueue.AppHost.Hosting;

/// <summary><c>AddMySql</c>, <c>AddRedis</c>, <c>AddRabbitMQ</c>: the infrastructure, as Aspire's hosting packages name it.</summary>
public static class ServerResourceExtensions
{
    public static IResourceBuilder<MySqlServerResource> AddMySql(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new MySqlServerResource(name));

    public static IResourceBuilder<MySqlDatabaseResource> AddDatabase(
        this IResourceBuilder<MySqlServerResource> server, string name, string? databaseName = null)
    {
        var database = new MySqlDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Add(database);
        return server.ApplicationBuilder.AddResource(database);
    }

    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new RedisResource(name));

    /// <summary>Sets when Redis fsyncs its append-only file (<c>always</c>, <c>everysec</c>, <c>no</c>).</summary>
    public static IResourceBuilder<RedisResource> WithAppendFsync(this IResourceBuilder<RedisResource> redis, string policy)
    {
        redis.Resource.AppendFsync = policy is "always" or "everysec" or "no"
            ? policy
            : throw new ArgumentException($"'{policy}' is not an appendfsync policy (always, everysec, no).", nameof(policy));
        return redis;
    }

    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new RabbitMQServerResource(name));
}
