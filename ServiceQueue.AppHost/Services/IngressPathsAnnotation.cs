namespace ServiceQueue.AppHost.Services;

/// <summary>The paths of a service's <c>http</c> endpoint that a published application's Ingress routes to it.</summary>
public sealed class IngressPathsAnnotation(IReadOnlyList<string> paths) : IResourceAnnotation
{
    public IReadOnlyList<string> Paths { get; } = paths;
}
