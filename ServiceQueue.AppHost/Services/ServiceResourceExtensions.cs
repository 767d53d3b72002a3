using ServiceQueue.AppHost.Resources;

namespace ServiceQueue.AppHost.Services;

/// <summary>How the four services listen, what they are told, and what a published cluster routes to them.</summary>
internal static class ServiceResourceExtensions
{
    public const string Issuer = "servicequeue";
    public const string Audience = "servicequeue";

    /// <summary>
    /// What a reference gives the service: <c>ConnectionStrings__*</c> and <c>services__*</c>, the keys of
    /// contracts.md. Aspire's per-property variables (<c>REDIS_URI</c>, <c>BROKER_GRPC</c>) are for clients in
    /// other languages; left out, no password sits in a variable nobody reads. Call it before WithReference.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithContractReferences(this IResourceBuilder<ProjectResource> project) =>
        project.WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery);

    /// <summary>
    /// The Broker's two Kestrel endpoints as contracts.md names them: <c>http</c> (HTTP/1.1: health) and
    /// <c>grpc</c> (HTTP/2 only, so h2c clients connect with prior knowledge). Kestrel configuration, not
    /// ASPNETCORE_URLS, because only it can set an endpoint's protocols.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHttpAndGrpcEndpoints(this IResourceBuilder<ProjectResource> project, int httpPort, int grpcPort)
    {
        var kestrelHost = project.ApplicationBuilder.ExecutionContext.IsRunMode ? "localhost" : "*";
        return project
            .WithHttpEndpoint(httpPort, name: "http")
            .WithHttpEndpoint(grpcPort, name: "grpc")
            .WithEndpoint("grpc", endpoint => endpoint.Transport = "http2")
            .WithEndpointsInEnvironment(_ => false)
            .WithEnvironment(context =>
            {
                foreach (var name in new[] { "http", "grpc" })
                {
                    var endpoint = project.GetEndpoint(name);
                    context.EnvironmentVariables[$"Kestrel__Endpoints__{name}__Url"] =
                        ReferenceExpression.Create($"http://{kestrelHost}:{endpoint.Property(EndpointProperty.TargetPort)}");
                }

                context.EnvironmentVariables["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
            });
    }

    /// <summary>
    /// Served outside the application, under <paramref name="paths"/> only (all of it when none): run, the
    /// dashboard links it; published, the Ingress routes those paths to it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> project, params string[] paths) =>
        ResourceBuilderExtensions.WithExternalHttpEndpoints(project)
            .WithAnnotation(new IngressPathsAnnotation(paths.Length == 0 ? ["/"] : paths));

    /// <summary>A setting only the published application gets, such as an address that exists behind its Ingress alone.</summary>
    public static IResourceBuilder<ProjectResource> WithPublishedEnvironment(this IResourceBuilder<ProjectResource> project, string name, string value) =>
        project.ApplicationBuilder.ExecutionContext.IsPublishMode ? project.WithEnvironment(name, value) : project;

    public static IResourceBuilder<ProjectResource> WithJwt(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ParameterResource> signingKey) =>
        project
            .WithEnvironment("Security__Jwt__SigningKey", signingKey)
            .WithEnvironment("Security__Jwt__Issuer", Issuer)
            .WithEnvironment("Security__Jwt__Audience", Audience);

    /// <summary>Every personal-data key of <paramref name="keys"/> (the newest active) and the blind-index key.</summary>
    public static IResourceBuilder<ProjectResource> WithEncryption(
        this IResourceBuilder<ProjectResource> project,
        EncryptionKeyRing keys,
        IResourceBuilder<ParameterResource> blindIndexKey) =>
        project
            .WithEnvironment(keys.ApplyTo)
            .WithEnvironment("Security__Encryption__BlindIndexKey", blindIndexKey);
}
