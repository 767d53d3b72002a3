using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.AppHost.Resources.MySql;
using ServiceQueue.AppHost.Services;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// Aspire's application model, built in publish mode, as the cluster sees it: the projects with the
/// environment Aspire evaluates for them, the servers with their images, and the keys of the Secret.
/// Secret values never pass through here, only keys and how to make them.
/// </summary>
internal sealed class ClusterModel
{
    public const string SecretName = "servicequeue-secrets";

    private ClusterModel(PublishOptions options, IReadOnlyList<PublishedService> services, IReadOnlyList<PublishedServer> servers)
    {
        Options = options;
        Services = services;
        Servers = servers;
    }

    public PublishOptions Options { get; }

    public IReadOnlyList<PublishedService> Services { get; }

    /// <summary>The servers that run in the cluster (those given a connection string at publish are left out).</summary>
    public IReadOnlyList<PublishedServer> Servers { get; }

    public static string RootPasswordKey(MySqlServerResource server) => $"{server.Name}-root-password";

    public static async Task<ClusterModel> BuildAsync(
        DistributedApplicationModel model,
        DistributedApplicationExecutionContext executionContext,
        PublishOptions options,
        CancellationToken cancellationToken)
    {
        var known = model.Resources.OfType<IResourceWithConnectionString>().Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = options.ExternalConnectionStrings.Keys.Where(name => !known.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"{PublishOptions.Section}:ConnectionStrings names no server or database of the app model: {string.Join(", ", unknown)} (known: {string.Join(", ", known.Order(StringComparer.Ordinal))}).");
        }

        var services = new List<PublishedService>();
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            services.Add(await ServiceAsync(project, executionContext, options, cancellationToken));
        }

        var servers = new List<PublishedServer>();
        foreach (var resource in model.Resources.Where(r => r is MySqlServerResource or ContainerResource && !IsExternal(r, options)))
        {
            servers.Add(await ServerAsync(resource, executionContext, cancellationToken));
        }

        return new ClusterModel(options, services, servers);
    }

    /// <summary>The services that connect to <paramref name="target"/>, with the ports they use there.</summary>
    public IReadOnlyList<(PublishedService Client, IReadOnlyList<int> Ports)> ClientsOf(IResource target) =>
        [.. Services
            .Select(s => (Client: s, Ports: (IReadOnlyList<int>)[.. s.Uses.Where(e => e.Resource == target).Select(e => ClusterValues.ServicePort(ClusterValues.Annotation(e))).Distinct().Order()]))
            .Where(c => c.Ports.Count > 0)];

    /// <summary>Every key the Secret must hold, each with how to make its value (given the values made so far).</summary>
    public IReadOnlyList<(string Key, Func<IReadOnlyDictionary<string, string>, string> Make)> SecretKeys()
    {
        var keys = new List<(string Key, Func<IReadOnlyDictionary<string, string>, string> Make)>();
        void Add(string key, Func<IReadOnlyDictionary<string, string>, string> make)
        {
            if (!keys.Any(k => k.Key == key))
            {
                keys.Add((key, make));
            }
        }

        foreach (var server in Servers)
        {
            foreach (var parameter in server.SecretParameters)
            {
                Add(parameter.Name, _ => Generate(parameter));
            }

            if (server.Resource is MySqlServerResource mySql)
            {
                Add(RootPasswordKey(mySql), _ => Secrets.Password());
            }
        }

        foreach (var service in Services)
        {
            foreach (var parameter in service.SecretParameters)
            {
                Add(parameter.Name, _ => Generate(parameter));
            }
        }

        // Connection strings come last: they embed the passwords made above.
        foreach (var resource in Services.SelectMany(s => s.ConnectionStrings).Distinct())
        {
            Add(ClusterValues.ConnectionStringKey(resource), values => ConnectionString(resource, values));
        }

        return keys;
    }

    private static bool IsExternal(IResource resource, PublishOptions options) => resource switch
    {
        MySqlServerResource mySql => mySql.Databases.Count > 0 && mySql.Databases.All(d => options.ExternalConnectionStrings.ContainsKey(d.Name)),
        _ => options.ExternalConnectionStrings.ContainsKey(resource.Name),
    };

    private static async Task<PublishedService> ServiceAsync(
        ProjectResource project,
        DistributedApplicationExecutionContext executionContext,
        PublishOptions options,
        CancellationToken cancellationToken)
    {
        var values = await EvaluateEnvironmentAsync(project, executionContext, cancellationToken);
        var environment = new SortedDictionary<string, EnvironmentSource>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            environment[name] = await ClusterValues.SourceAsync($"{project.Name}: {name}", value, cancellationToken);
        }

        // Aspire leaves telemetry to the deployment target: here, the collector the operator names.
        if (project.HasAnnotationOfType<OtlpExporterAnnotation>())
        {
            environment.TryAdd("OTEL_SERVICE_NAME", EnvironmentSource.Plain(project.Name));
            environment.TryAdd("OTEL_EXPORTER_OTLP_PROTOCOL", EnvironmentSource.Plain("http/protobuf"));
            environment.TryAdd("OTEL_RESOURCE_ATTRIBUTES", EnvironmentSource.Plain($"service.namespace={Labels.Application},k8s.namespace.name={options.Namespace}"));
            if (options.OtlpEndpoint is { } otlp)
            {
                environment.TryAdd("OTEL_EXPORTER_OTLP_ENDPOINT", EnvironmentSource.Plain(otlp.ToString().TrimEnd('/')));
            }
        }

        var uses = values.Values.SelectMany(ClusterValues.Endpoints).Where(e => e.Resource != project)
            .DistinctBy(e => (e.Resource.Name, e.EndpointName)).ToList();
        var external = project.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal);
        var paths = !external ? [] : project.TryGetLastAnnotation<IngressPathsAnnotation>(out var ingress) ? ingress.Paths : ["/"];
        var connectionStrings = values.Values.Select(v => v switch
        {
            ConnectionStringReference reference => reference.Resource,
            IResourceWithConnectionString resource => resource,
            _ => null,
        }).OfType<IResourceWithConnectionString>().ToList();
        return new PublishedService(project, environment, uses, paths, SecretParameters(values.Values), connectionStrings);
    }

    private static async Task<PublishedServer> ServerAsync(IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var environment = new SortedDictionary<string, EnvironmentSource>(StringComparer.Ordinal);
        var values = resource is MySqlServerResource ? [] : await EvaluateEnvironmentAsync(resource, executionContext, cancellationToken);
        string image;
        if (resource is MySqlServerResource mySql)
        {
            // The executable resource runs Debian's mariadbd; its image takes the same settings as variables.
            image = $"{MySqlServerResource.Image}:{MySqlServerResource.ImageTag}";
            if (mySql.Databases.Count > 1)
            {
                throw new NotSupportedException($"{mySql.Name} has {mySql.Databases.Count} databases; the image creates one at its first start.");
            }

            if (mySql.Databases.Count == 1)
            {
                environment["MARIADB_DATABASE"] = EnvironmentSource.Plain(mySql.Databases[0].DatabaseName);
            }

            environment["MARIADB_USER"] = EnvironmentSource.Plain(MySqlServerResource.ApplicationUser);
            environment["MARIADB_PASSWORD"] = EnvironmentSource.Secret(mySql.PasswordParameter.Name);
            environment["MARIADB_ROOT_PASSWORD"] = EnvironmentSource.Secret(RootPasswordKey(mySql));
        }
        else
        {
            var annotation = resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault()
                ?? throw new InvalidOperationException($"{resource.Name} names no container image.");
            image = annotation.Registry is { Length: > 0 } registry
                ? $"{registry}/{annotation.Image}:{annotation.Tag}"
                : $"{annotation.Image}:{annotation.Tag}";
            foreach (var (name, value) in values)
            {
                environment[name] = await ClusterValues.SourceAsync($"{resource.Name}: {name}", value, cancellationToken);
            }
        }

        IReadOnlyList<ParameterResource> parameters = resource is MySqlServerResource server ? [server.PasswordParameter] : SecretParameters(values.Values);
        return new PublishedServer(resource, image, environment, [.. resource.Annotations.OfType<EndpointAnnotation>()], parameters);
    }

    private static async Task<Dictionary<string, object>> EvaluateEnvironmentAsync(
        IResource resource,
        DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var context = new EnvironmentCallbackContext(executionContext, resource, values, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return values;
    }

    /// <summary>The secret parameters a workload reads as variables of their own (those inside connection strings belong to the servers).</summary>
    private static List<ParameterResource> SecretParameters(IEnumerable<object> values) =>
        [.. values.Where(v => v is not (ConnectionStringReference or IResourceWithConnectionString)).SelectMany(ClusterValues.SecretParameters).Distinct()];

    private static string Generate(ParameterResource parameter) =>
        parameter.Default?.GetDefaultValue()
        ?? throw new InvalidOperationException($"Parameter '{parameter.Name}' has no generated default: put its value in secrets.env.");

    // Every parameter comes from the dictionary, so the evaluation completes synchronously.
    private string ConnectionString(IResourceWithConnectionString resource, IReadOnlyDictionary<string, string> values) =>
        Options.ExternalConnectionStrings.TryGetValue(resource.Name, out var external)
            ? external
            : ClusterValues.EvaluateAsync(
                resource.ConnectionStringExpression,
                (parameter, _) => values.TryGetValue(parameter.Name, out var value)
                    ? ValueTask.FromResult<string?>(value)
                    // A plain setting (a user name) is part of the model, not of any Secret.
                    : !parameter.Secret
                        ? parameter.GetValueAsync(CancellationToken.None)
                        : throw new InvalidOperationException($"{resource.Name}'s connection string needs '{parameter.Name}', which no published server or service holds."),
                CancellationToken.None).GetAwaiter().GetResult();
}
