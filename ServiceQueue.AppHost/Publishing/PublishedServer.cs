namespace ServiceQueue.AppHost.Publishing;

/// <summary>A server of the app model (MariaDB, Redis, RabbitMQ) as the cluster runs it: its image, environment, ports and secrets.</summary>
internal sealed record PublishedServer(
    IResource Resource,
    string Image,
    SortedDictionary<string, EnvironmentSource> Environment,
    IReadOnlyList<EndpointAnnotation> Endpoints,
    IReadOnlyList<ParameterResource> SecretParameters)
{
    public string Name => Resource.Name;
}
