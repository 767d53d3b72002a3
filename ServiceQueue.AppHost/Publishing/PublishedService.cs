namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// A project of the app model as the cluster runs it: its environment (ordinal order), the endpoints of
/// other resources that environment leads to (its only legitimate connections), its Ingress paths, and
/// the secrets it reads: parameters of its own and the connection strings of what it references.
/// </summary>
internal sealed record PublishedService(
    ProjectResource Resource,
    SortedDictionary<string, EnvironmentSource> Environment,
    IReadOnlyList<EndpointReference> Uses,
    IReadOnlyList<string> IngressPaths,
    IReadOnlyList<ParameterResource> SecretParameters,
    IReadOnlyList<IResourceWithConnectionString> ConnectionStrings)
{
    public string Name => Resource.Name;

    public IReadOnlyList<EndpointAnnotation> Endpoints { get; } = [.. Resource.Annotations.OfType<EndpointAnnotation>()];
}
