using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Publish;

/// <summary>
/// deploy/k8s is what Argo CD syncs: it must be exactly what the AppHost publishes today (regenerate
/// it with eng/publish-k8s.sh), render as committed (no secrets in git), and the Application must point at it.
/// </summary>
public sealed class CommittedManifestsTests : IDisposable
{
    /// <summary>The options eng/publish-k8s.sh passes; the committed example is published with them.</summary>
    public static readonly string[] CommittedOptions = ["--Kubernetes:Secrets", "external", "--Kubernetes:OtlpEndpoint", PublishedManifests.OtlpEndpoint];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"servicequeue-publish-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Committed_deploy_k8s_equals_a_fresh_publish()
    {
        (await Tool.PublishAsync(_folder, CommittedOptions)).EnsureSuccess("publish");
        var committed = RepositoryRoot.Combine("deploy", "k8s");

        var fresh = Files(_folder);
        var inGit = Files(committed);

        Assert.True(fresh.Keys.SequenceEqual(inGit.Keys), $"files differ; run eng/publish-k8s.sh.\npublished: {string.Join(", ", fresh.Keys)}\ncommitted: {string.Join(", ", inGit.Keys)}");
        var drifted = fresh.Keys.Where(k => fresh[k] != inGit[k]).ToList();
        Assert.True(drifted.Count == 0, $"deploy/k8s has drifted from the app model in {string.Join(", ", drifted)}; run eng/publish-k8s.sh.");
    }

    [Fact]
    public async Task Committed_overlays_and_the_Argo_CD_application_render_and_validate_without_any_secret_in_git()
    {
        var files = new List<string>();
        foreach (var overlay in new[] { "development", "production" })
        {
            var yaml = await Tool.KustomizeAsync(RepositoryRoot.Combine("deploy", "k8s", "overlays", overlay));
            Assert.DoesNotContain(KubeObject.ParseAll(yaml), o => o.Kind == "Secret");
            var file = Path.Combine(_folder, $"{overlay}.yaml");
            Directory.CreateDirectory(_folder);
            await File.WriteAllTextAsync(file, yaml);
            files.Add(file);
        }

        var application = RepositoryRoot.Combine("deploy", "argocd", "application.yaml");
        var result = await Tool.ValidateSchemasAsync([.. files, application]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("\"object\":\"Application/servicequeue\",\"ok\":true", result.Output, StringComparison.Ordinal);

        var argo = KubeObject.ParseAll(await File.ReadAllTextAsync(application)).Single();
        Assert.Equal("argoproj.io/v1alpha1", argo.Get("apiVersion"));
        var path = (string)argo.Get("spec", "source", "path")!;
        Assert.True(File.Exists(RepositoryRoot.Combine([.. path.Split('/'), "kustomization.yaml"])), $"the Application syncs {path}, which holds no kustomization");
        Assert.Equal("servicequeue", argo.Get("spec", "destination", "namespace"));
        Assert.NotNull(argo.Get("spec", "syncPolicy", "automated"));
    }

    [Fact]
    public void No_secret_file_is_committed_and_generated_ones_would_be_ignored()
    {
        var committed = RepositoryRoot.Combine("deploy", "k8s");
        Assert.Empty(Directory.EnumerateFiles(committed, "secrets.env", SearchOption.AllDirectories));
        Assert.Contains("*.secret.env", File.ReadAllLines(RepositoryRoot.Combine(".gitignore")));
        Assert.Contains("secrets.env", File.ReadAllLines(RepositoryRoot.Combine(".gitignore")));
    }

    private static SortedDictionary<string, string> Files(string root) =>
        new(
            Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) != "secrets.env")
                .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText),
            StringComparer.Ordinal);
}
