namespace ServiceQueue.AppHost.Hosting;

/// <summary>One of the application's own services, run from its built assembly.</summary>
public sealed class ProjectResource(string name, IProjectMetadata metadata) : IResourceWithWaitSupport
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;

    public IProjectMetadata Metadata { get; } = metadata;

    public List<EndpointAnnotation> Endpoints { get; } = [];

    public List<IResource> References { get; } = [];

    public List<IResourceWithWaitSupport> WaitsFor { get; } = [];

    /// <summary>Environment variables set with <c>WithEnvironment</c>, resolved at start (or published as references).</summary>
    public Dictionary<string, EnvironmentValue> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Path prefixes of the <c>http</c> endpoint served to the outside world (an Ingress when published); empty when internal.</summary>
    public List<string> ExternalPaths { get; } = [];

    public Task WhenReady => _ready.Task;

    public EndpointAnnotation? GetEndpoint(string name) => Endpoints.FirstOrDefault(e => e.Name == name);

    internal void MarkReady() => _ready.TrySetResult();

    internal void MarkFailed(Exception error) => _ready.TrySetException(error);
}
