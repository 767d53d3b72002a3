namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// Writes the app model as a kustomize base and two overlays. Everything but the secrets is a pure
/// function of the model and the options (stable order, no timestamps), so the output can live in
/// git and a fresh publish shows any drift.
/// </summary>
internal sealed class KubernetesPublisher(ClusterModel model)
{
    private const string Header = "# Written by the AppHost's Kubernetes environment (`--operation publish --step publish-k8s`): change the app model, then publish again.\n";

    /// <summary>Every file but the secrets, by path relative to the output folder ('/'-separated), in ordinal order.</summary>
    public SortedDictionary<string, string> Files()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var resources = new List<string>();
        void Add(string name, IEnumerable<OrderedDictionary<string, object>> documents)
        {
            var list = documents.ToList();
            if (list.Count > 0)
            {
                files[$"base/{name}"] = Header + ManifestYaml.Write(list);
                resources.Add(name);
            }
        }

        Add("namespace.yaml", [KustomizeManifests.Namespace(model)]);
        foreach (var server in model.Servers)
        {
            Add($"{server.Name}.yaml", ServerManifests.For(server));
        }

        foreach (var project in model.Services)
        {
            Add($"{project.Name}.yaml", ServiceManifests.For(project, model));
        }

        Add("network-policies.yaml", NetworkManifests.For(model));
        Add("ingress.yaml", IngressManifests.For(model));
        files["base/kustomization.yaml"] = Header + ManifestYaml.Write([KustomizeManifests.Base(model, resources)]);

        foreach (var overlay in KustomizeManifests.Overlays)
        {
            files[$"overlays/{overlay}/kustomization.yaml"] = Header + ManifestYaml.Write([KustomizeManifests.Overlay(model, overlay)]);
            if (model.Options.Secrets == SecretsMode.Generate)
            {
                files[$"overlays/{overlay}/.gitignore"] = $"# Generated passwords and keys: never commit them.\n{KustomizeManifests.SecretsFile}\n";
            }
        }

        return files;
    }

    /// <summary>Replaces what an earlier publish wrote (secrets excepted) and writes or completes each overlay's secrets.</summary>
    public async Task PublishAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var root = model.Options.OutputDirectory;
        foreach (var folder in new[] { "base", "overlays" }.Select(f => Path.Combine(root, f)).Where(Directory.Exists))
        {
            foreach (var stale in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != KustomizeManifests.SecretsFile))
            {
                File.Delete(stale);
            }
        }

        var files = Files();
        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, cancellationToken);
        }

        output.WriteLine($"Published {files.Count} files to {root}");
        foreach (var overlay in KustomizeManifests.Overlays)
        {
            var secrets = Path.Combine(root, "overlays", overlay, KustomizeManifests.SecretsFile);
            if (model.Options.Secrets == SecretsMode.Generate)
            {
                SecretsFile.Update(secrets, model.SecretKeys());
                output.WriteLine($"  {overlay}: secrets in {secrets} (git-ignored; keep it, its passwords are the databases')");
            }
            else
            {
                output.WriteLine($"  {overlay}: expects Secret '{ClusterModel.SecretName}' with keys {string.Join(", ", model.SecretKeys().Select(k => k.Key))}");
            }
        }
    }
}
