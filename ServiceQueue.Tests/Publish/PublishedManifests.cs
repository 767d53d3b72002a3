namespace ServiceQueue.Tests.Publish;

/// <summary>
/// The AppHost published once (random secrets, as an operator would) into a temporary folder, and its
/// base and both overlays rendered by <c>kubectl kustomize</c>; shared by the tests that read them.
/// </summary>
public sealed class PublishedManifests : IAsyncLifetime
{
    public const string OtlpEndpoint = "http://otel-collector.observability:4318";

    public static readonly string[] Renders = ["base", "overlays/development", "overlays/production"];

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"servicequeue-publish-{Guid.NewGuid():N}");

    /// <summary>What the publish step printed.</summary>
    public string Output { get; private set; } = "";

    /// <summary>The rendered YAML of each of <see cref="Renders"/>, saved as a file for the schema validator.</summary>
    public Dictionary<string, string> RenderedFiles { get; } = [];

    public Dictionary<string, List<KubeObject>> Objects { get; } = [];

    public async Task InitializeAsync()
    {
        Output = (await Tool.PublishAsync(Folder, "--Kubernetes:OtlpEndpoint", OtlpEndpoint)).EnsureSuccess("publish").Output;
        foreach (var render in Renders)
        {
            var yaml = await Tool.KustomizeAsync(Path.Combine(Folder, render));
            var file = Path.Combine(Folder, $"rendered-{render.Replace('/', '-')}.yaml");
            await File.WriteAllTextAsync(file, yaml);
            RenderedFiles[render] = file;
            Objects[render] = KubeObject.ParseAll(yaml);
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
