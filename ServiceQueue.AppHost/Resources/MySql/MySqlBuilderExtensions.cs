using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace ServiceQueue.AppHost.Resources.MySql;

/// <summary><c>AddMySql(...).AddDatabase(...)</c> as Aspire.Hosting.MySql spells them, for MariaDB from Debian's packages.</summary>
public static partial class MySqlBuilderExtensions
{
    private const string InstallBinary = "/usr/bin/mariadb-install-db";

    public static IResourceBuilder<MySqlServerResource> AddMySql(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var password = builder.AddGeneratedPassword($"{name}-password").Resource;
        var folder = ServerFolders.For(builder, name);
        var server = new MySqlServerResource(name, password, folder);
        var resource = builder.AddResource(server)
            .WithEndpoint(name: MySqlServerResource.PrimaryEndpointName, targetPort: builder.ExecutionContext.IsPublishMode ? 3306 : null)
            .WithIconName("DatabaseMultiple");
        if (builder.ExecutionContext.IsPublishMode)
        {
            return resource;
        }

        var data = Path.Combine(folder, "data");
        // The data folder is made once, by a one-shot resource the server waits for; later runs find it and skip.
        var install = builder.AddExecutable(
                $"{name}-install", "/bin/sh", folder, "-c",
                $"test -d '{data}/mysql' || exec {InstallBinary} --no-defaults '--datadir={data}' --auth-root-authentication-method=normal --skip-test-db --user=root")
            .WithParentRelationship(resource)
            .ExcludeFromManifest();

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new MySqlRootHealthCheck(server), failureStatus: null, tags: null));

        builder.Eventing.Subscribe<ResourceReadyEvent>(server, (@event, cancellationToken) =>
            ProvisionAsync(server, @event.Services, cancellationToken));

        return resource
            .WaitForCompletion(install)
            .WithArgs(context =>
            {
                context.Args.Add("--no-defaults");
                context.Args.Add($"--datadir={data}");
                context.Args.Add(ReferenceExpression.Create($"--port={server.PrimaryEndpoint.Property(EndpointProperty.TargetPort)}"));
                context.Args.Add("--bind-address=127.0.0.1");
                context.Args.Add($"--socket={server.SocketPath}");
                context.Args.Add($"--pid-file={Path.Combine(folder, "mysqld.pid")}");
                context.Args.Add("--user=root");
                context.Args.Add("--skip-name-resolve");
                context.Args.Add("--max-connections=1000");
                // utf8mb4 end to end: with latin1 defaults a client that takes the server's charset turns CJK and emoji into '?'.
                context.Args.Add("--character-set-server=utf8mb4");
                context.Args.Add("--collation-server=utf8mb4_unicode_ci");
            })
            .WithHealthCheck(healthCheck);
    }

    public static IResourceBuilder<MySqlDatabaseResource> AddDatabase(this IResourceBuilder<MySqlServerResource> server, [ResourceName] string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        databaseName ??= name;
        var database = new MySqlDatabaseResource(name, databaseName, server.Resource);
        server.Resource.AddDatabase(database);
        var resource = server.ApplicationBuilder.AddResource(database);
        if (server.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            var healthCheck = $"{name}_check";
            server.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                healthCheck, _ => new MySqlDatabaseHealthCheck(database), failureStatus: null, tags: null));
            resource.WithHealthCheck(healthCheck);
        }

        return resource;
    }

    /// <summary>
    /// When the server answers: the application user with the password the AppHost keeps (set on every
    /// start, so the data folder follows the secret), and each database with that user's rights.
    /// </summary>
    private static async Task ProvisionAsync(MySqlServerResource server, IServiceProvider services, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
        var password = await server.PasswordParameter.GetValueAsync(cancellationToken);
        await using var connection = new MySqlConnection(RootConnectionString(server));
        await connection.OpenAsync(cancellationToken);
        await using (var user = new MySqlCommand(
            $"CREATE USER IF NOT EXISTS '{MySqlServerResource.ApplicationUser}'@'%' IDENTIFIED BY @password; "
            + $"ALTER USER '{MySqlServerResource.ApplicationUser}'@'%' IDENTIFIED BY @password;",
            connection))
        {
            user.Parameters.AddWithValue("@password", password);
            await user.ExecuteNonQueryAsync(cancellationToken);
        }

        var notifications = services.GetRequiredService<ResourceNotificationService>();
        foreach (var resource in server.Databases)
        {
            var database = resource.DatabaseName;
            var quoted = new MySqlCommandBuilder().QuoteIdentifier(database);
            await using var create = new MySqlCommand(
                $"CREATE DATABASE IF NOT EXISTS {quoted} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; "
                + $"GRANT ALL PRIVILEGES ON {quoted}.* TO '{MySqlServerResource.ApplicationUser}'@'%';",
                connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            LogDatabaseReady(logger, database, MySqlServerResource.ApplicationUser);

            // DCP runs the server, not the database: Aspire passes state on to the children of containers
            // only, so the database says itself that it runs, and its health check then decides readiness.
            await notifications.PublishUpdateAsync(resource, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Database} ready for user {User}")]
    private static partial void LogDatabaseReady(ILogger logger, string database, string user);

    internal static string RootConnectionString(MySqlServerResource server) =>
        $"Server={server.SocketPath};Protocol=Unix;User ID=root;Pooling=false;Connection Timeout=5";

    /// <summary>Ready when root can run a statement over the server's socket.</summary>
    private sealed class MySqlRootHealthCheck(MySqlServerResource server) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = new MySqlConnection(RootConnectionString(server));
                await connection.OpenAsync(cancellationToken);
                await using var command = new MySqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception error) when (error is MySqlException or InvalidOperationException or IOException or System.Net.Sockets.SocketException)
            {
                return HealthCheckResult.Unhealthy(error.Message);
            }
        }
    }

    /// <summary>Ready when the application user can open its database over TCP, through DCP's endpoint, as the services will.</summary>
    private sealed class MySqlDatabaseHealthCheck(MySqlDatabaseResource database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var connectionString = await database.ConnectionStringExpression.GetValueAsync(cancellationToken);
                await using var connection = new MySqlConnection(connectionString + ";Pooling=false;Connection Timeout=5");
                await connection.OpenAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception error) when (error is MySqlException or InvalidOperationException or IOException or System.Net.Sockets.SocketException)
            {
                return HealthCheckResult.Unhealthy(error.Message);
            }
        }
    }
}
