namespace ServiceQueue.AppHost.Hosting;

/// <summary>Declaring the application's own services and how they connect.</summary>
public static class ProjectResourceExtensions
{
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddResource(new ProjectResource(name, new TProject()));

    /// <summary>An HTTP/1.1 endpoint; the one named <c>http</c> also serves <c>/health</c> and <c>/alive</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> project, int? port = null, string name = "http") =>
        project.WithEndpoint(new EndpointAnnotation(name, port));

    /// <summary>An HTTP/2 cleartext endpoint for gRPC (prior knowledge: it cannot share a port with HTTP/1.1).</summary>
    public static IResourceBuilder<ProjectResource> WithGrpcEndpoint(this IResourceBuilder<ProjectResource> project, int? port = null, string name = "grpc") =>
        project.WithEndpoint(new EndpointAnnotation(name, port, "Http2"));

    /// <summary>
    /// Serves the <c>http</c> endpoint outside the application under <paramref name="paths"/> (all of it when none);
    /// locally nothing changes, a published application routes them through its Ingress.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> project, params string[] paths)
    {
        project.Resource.ExternalPaths.AddRange(paths.Length == 0 ? ["/"] : paths);
        return project;
    }

    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResource> source)
    {
        project.Resource.References.Add(source.Resource);
        return project;
    }

    /// <summary>Starts this service only once <paramref name="dependency"/> is ready (provisioned, or answering <c>/health</c>).</summary>
    public static IResourceBuilder<ProjectResource> WaitFor(this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithWaitSupport> dependency)
    {
        project.Resource.WaitsFor.Add(dependency.Resource);
        return project;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> project, string name, string value)
    {
        project.Resource.Environment[name] = new EnvironmentValue(value);
        return project;
    }

    /// <summary>A value known only when the AppHost runs, such as another service's allocated port; not published.</summary>
    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> project, string name, Func<string> value)
    {
        project.Resource.Environment[name] = new EnvironmentValue(value);
        return project;
    }

    /// <summary>A value only the published application gets, such as an address that exists behind its Ingress alone.</summary>
    public static IResourceBuilder<ProjectResource> WithPublishedEnvironment(this IResourceBuilder<ProjectResource> project, string name, string value)
    {
        project.Resource.Environment[name] = EnvironmentValue.WhenPublished(value);
        return project;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> project, string name, IResourceBuilder<ParameterResource> parameter)
    {
        project.Resource.Environment[name] = new EnvironmentValue(parameter.Resource);
        return project;
    }

    private static IResourceBuilder<ProjectResource> WithEndpoint(this IResourceBuilder<ProjectResource> project, EndpointAnnotation endpoint)
    {
        if (project.Resource.GetEndpoint(endpoint.Name) is not null)
        {
            throw new InvalidOperationException($"{project.Resource.Name} already has an endpoint named '{endpoint.Name}'.");
        }

        project.Resource.Endpoints.Add(endpoint);
        return project;
    }
}
