namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// Where the application is published: a Kubernetes cluster, described as a kustomize base and overlays.
/// Shaped like Aspire.Hosting.Kubernetes' environment (not served here), it exists in publish mode only.
/// </summary>
public sealed class KubernetesEnvironmentResource(string name) : Resource(name)
{
    /// <summary>The pipeline step that writes the manifests: <c>--operation publish --step publish-{name}</c>.</summary>
    public string StepName => $"publish-{Name}";
}
