using System.Text.Json;
using Map = System.Collections.Generic.OrderedDictionary<string, object>;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>The kustomization files: the base lists the objects; each overlay sizes them for its environment.</summary>
internal static class KustomizeManifests
{
    public const string SecretsFile = "secrets.env";

    public static readonly string[] Overlays = ["development", "production"];

    public static Map Namespace(ClusterModel model) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new Map
        {
            ["name"] = model.Options.Namespace,
            ["labels"] = new Map
            {
                [Labels.PartOf] = Labels.Application,
                // Every pod here meets the restricted Pod Security Standard; the namespace enforces it.
                ["pod-security.kubernetes.io/enforce"] = "restricted",
            },
        },
    };

    public static Map Base(ClusterModel model, IEnumerable<string> files) => new()
    {
        ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
        ["kind"] = "Kustomization",
        ["namespace"] = model.Options.Namespace,
        ["resources"] = files.Cast<object>().ToList(),
    };

    public static Map Overlay(ClusterModel model, string environment)
    {
        var production = environment == "production";
        var patches = new List<object>
        {
            Patch("Deployment", ("replace", "/spec/replicas", production ? 2 : 1)),
            Patch("HorizontalPodAutoscaler", ("replace", "/spec/minReplicas", production ? 2 : 1), ("replace", "/spec/maxReplicas", production ? 6 : 2)),
        };
        if (production)
        {
            patches.Add(Patch(
                "Deployment",
                ("replace", "/spec/template/spec/containers/0/resources", new Map
                {
                    ["requests"] = new Map { ["cpu"] = "250m", ["memory"] = "256Mi" },
                    ["limits"] = new Map { ["cpu"] = "2", ["memory"] = "1Gi" },
                })));
        }
        else if (model.Servers.Count > 0)
        {
            patches.Add(Patch("StatefulSet", ("replace", "/spec/volumeClaimTemplates/0/spec/resources/requests/storage", "1Gi")));
        }

        var kustomization = new Map
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
            // The same namespace as the base: kustomize renames references to the generated Secret only within it.
            ["namespace"] = model.Options.Namespace,
            ["resources"] = new List<object> { "../../base" },
            ["patches"] = patches,
        };
        if (model.Options.Secrets == SecretsMode.Generate)
        {
            // The hash suffix kustomize adds rolls the pods whenever a secret changes.
            kustomization["secretGenerator"] = new List<object>
            {
                new Map { ["name"] = ClusterModel.SecretName, ["type"] = "Opaque", ["envs"] = new List<object> { SecretsFile } },
            };
        }

        return kustomization;
    }

    private static Map Patch(string kind, params (string Op, string Path, object Value)[] operations) => new()
    {
        ["target"] = new Map { ["kind"] = kind, ["labelSelector"] = $"{Labels.PartOf}={Labels.Application}" },
        ["patch"] = JsonSerializer.Serialize(operations.Select(o => new Dictionary<string, object> { ["op"] = o.Op, ["path"] = o.Path, ["value"] = o.Value })),
    };
}
