using System.Globalization;
using ServiceQueue.AppHost.LocalServers;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// The app model as the cluster sees it: which servers run in it, what each service's environment is
/// (contracts.md keys only), and which secrets exist. Secret values never pass through here, only keys.
/// </summary>
internal sealed class ClusterModel
{
    public const string SecretName = "servicequeue-secrets";
    public const int MySqlPort = 3306;
    public const int RedisPort = 6379;
    public const int AmqpPort = 5672;

    private readonly PublishOptions _options;

    public ClusterModel(IReadOnlyList<IResource> resources, PublishOptions options)
    {
        _options = options;
        Projects = [.. resources.OfType<ProjectResource>()];
        Parameters = [.. resources.OfType<ParameterResource>()];
        var known = resources.OfType<IResourceWithConnectionString>().Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = options.ExternalConnectionStrings.Keys.Where(name => !known.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--connection-string names no server or database of the app model: {string.Join(", ", unknown)} (known: {string.Join(", ", known.Order(StringComparer.Ordinal))}).");
        }

        Servers = [.. resources.OfType<ServerResource>().Where(s => !IsExternal(s))];
    }

    public IReadOnlyList<ProjectResource> Projects { get; }

    /// <summary>The servers that run in the cluster (those given a connection string at publish are left out).</summary>
    public IReadOnlyList<ServerResource> Servers { get; }

    public IReadOnlyList<ParameterResource> Parameters { get; }

    public PublishOptions Options => _options;

    public static string PasswordKey(ServerResource server) => $"{server.Name}-password";

    public static string RootPasswordKey(MySqlServerResource server) => $"{server.Name}-root-password";

    public static string ConnectionStringKey(IResourceWithConnectionString resource) => $"connection-string-{resource.Name}";

    public static int PortOf(EndpointAnnotation endpoint) =>
        endpoint.Port ?? throw new InvalidOperationException($"Endpoint '{endpoint.Name}' has no port: a published service needs fixed ports.");

    /// <summary>The projects that reference <paramref name="target"/> (for a database: its server), i.e. its only legitimate clients.</summary>
    public IReadOnlyList<ProjectResource> ClientsOf(IResource target) =>
        [.. Projects.Where(p => p.References.Any(r => r == target || (r is MySqlDatabaseResource db && db.Parent == target)))];

    /// <summary>The environment of a service, by variable name (ordinal order), exactly as the local orchestrator would give it, with cluster addresses.</summary>
    public SortedDictionary<string, EnvironmentSource> EnvironmentOf(ProjectResource project)
    {
        var environment = new SortedDictionary<string, EnvironmentSource>(StringComparer.Ordinal)
        {
            ["OTEL_SERVICE_NAME"] = EnvironmentSource.Plain(project.Name),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = EnvironmentSource.Plain("http/protobuf"),
            ["OTEL_RESOURCE_ATTRIBUTES"] = EnvironmentSource.Plain($"service.namespace={Labels.Application},k8s.namespace.name={_options.Namespace}"),
        };
        if (_options.OtlpEndpoint is { } otlp)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = EnvironmentSource.Plain(otlp.ToString().TrimEnd('/'));
        }

        foreach (var endpoint in project.Endpoints)
        {
            // `+` listens on every address of the pod, IPv4 and IPv6.
            environment[$"Kestrel__Endpoints__{endpoint.Name}__Url"] = EnvironmentSource.Plain(string.Create(CultureInfo.InvariantCulture, $"http://+:{PortOf(endpoint)}"));
            environment[$"Kestrel__Endpoints__{endpoint.Name}__Protocols"] = EnvironmentSource.Plain(endpoint.Protocols);
        }

        foreach (var reference in project.References)
        {
            switch (reference)
            {
                case IResourceWithConnectionString resource:
                    environment[$"ConnectionStrings__{resource.Name}"] = EnvironmentSource.Secret(ConnectionStringKey(resource));
                    break;
                case ProjectResource service:
                    foreach (var endpoint in service.Endpoints)
                    {
                        environment[$"services__{service.Name}__{endpoint.Name}__0"] = EnvironmentSource.Plain(string.Create(CultureInfo.InvariantCulture, $"http://{service.Name}:{PortOf(endpoint)}"));
                    }

                    break;
                default:
                    throw new InvalidOperationException($"{project.Name} cannot reference {reference.Name}: it has no connection string or endpoints.");
            }
        }

        // A local port means nothing in a cluster: such values (the console's origin) are set per environment.
        foreach (var (name, value) in project.Environment.Where(e => e.Value.AtRun is null))
        {
            environment[name] = value.Parameter switch
            {
                null => EnvironmentSource.Plain(value.Literal ?? string.Empty),
                { Secret: true } parameter => EnvironmentSource.Secret(parameter.Name),
                var parameter => EnvironmentSource.Plain(parameter.Generate()),
            };
        }

        return environment;
    }

    /// <summary>Every key the Secret must hold, each with how to make its value (given the values made so far).</summary>
    public IReadOnlyList<(string Key, Func<IReadOnlyDictionary<string, string>, string> Make)> SecretKeys()
    {
        var keys = new List<(string, Func<IReadOnlyDictionary<string, string>, string>)>();
        foreach (var server in Servers)
        {
            keys.Add((PasswordKey(server), _ => Secrets.Password()));
            if (server is MySqlServerResource mySql)
            {
                keys.Add((RootPasswordKey(mySql), _ => Secrets.Password()));
            }
        }

        foreach (var parameter in Parameters.Where(p => p.Secret && Projects.Any(project => project.Environment.Values.Any(v => v.Parameter == p))))
        {
            keys.Add((parameter.Name, _ => parameter.Generate()));
        }

        // Connection strings come last: they embed the passwords made above.
        foreach (var resource in Projects.SelectMany(p => p.References).OfType<IResourceWithConnectionString>().Distinct())
        {
            keys.Add((ConnectionStringKey(resource), values => ConnectionString(resource, values)));
        }

        return keys;
    }

    private bool IsExternal(ServerResource server) => server switch
    {
        MySqlServerResource mySql => mySql.Databases.Count > 0 && mySql.Databases.All(d => _options.ExternalConnectionStrings.ContainsKey(d.Name)),
        _ => _options.ExternalConnectionStrings.ContainsKey(server.Name),
    };

    /// <summary>The connection string a service is given, in the formats of contracts.md, pointing at the in-cluster Service.</summary>
    private string ConnectionString(IResourceWithConnectionString resource, IReadOnlyDictionary<string, string> values)
    {
        if (_options.ExternalConnectionStrings.TryGetValue(resource.Name, out var external))
        {
            return external;
        }

        return resource switch
        {
            MySqlDatabaseResource database => string.Create(CultureInfo.InvariantCulture,
                $"Server={database.Parent.Name};Port={MySqlPort};User ID={MariaDbServer.ApplicationUser};Password={values[PasswordKey(database.Parent)]};Database={database.DatabaseName}"),
            MySqlServerResource server => string.Create(CultureInfo.InvariantCulture,
                $"Server={server.Name};Port={MySqlPort};User ID={MariaDbServer.ApplicationUser};Password={values[PasswordKey(server)]}"),
            RedisResource redis => string.Create(CultureInfo.InvariantCulture, $"{redis.Name}:{RedisPort},password={values[PasswordKey(redis)]}"),
            RabbitMQServerResource rabbit => string.Create(CultureInfo.InvariantCulture,
                $"amqp://{RabbitMqServer.ApplicationUser}:{values[PasswordKey(rabbit)]}@{rabbit.Name}:{AmqpPort}/"),
            _ => throw new InvalidOperationException($"{resource.Name}: no connection string format is known for it in a cluster."),
        };
    }
}
