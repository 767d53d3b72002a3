using Map = System.Collections.Generic.OrderedDictionary<string, object>;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>One Ingress (ingress-nginx) for the services the app model marks external, path-routed on one host.</summary>
internal static class IngressManifests
{
    public static IEnumerable<Map> For(ClusterModel model)
    {
        var external = model.Services.Where(p => p.IngressPaths.Count > 0).ToList();
        if (external.Count == 0)
        {
            yield break;
        }

        var paths = external
            .SelectMany(p => p.IngressPaths.Select(path => (Path: path, Service: p)))
            .OrderBy(p => p.Path, StringComparer.Ordinal)
            .Select(p => (object)new Map
            {
                ["path"] = p.Path,
                ["pathType"] = "Prefix",
                ["backend"] = new Map { ["service"] = new Map { ["name"] = p.Service.Name, ["port"] = new Map { ["name"] = "http" } } },
            })
            .ToList();

        yield return new Map
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "Ingress",
            ["metadata"] = new Map
            {
                ["name"] = Labels.Application,
                ["labels"] = new Map { [Labels.PartOf] = Labels.Application },
                ["annotations"] = new Map
                {
                    // WebSockets (SignalR) stay open for long: nginx's 60 s default would cut idle ones.
                    ["nginx.ingress.kubernetes.io/proxy-read-timeout"] = "3600",
                    ["nginx.ingress.kubernetes.io/proxy-send-timeout"] = "3600",
                    ["nginx.ingress.kubernetes.io/proxy-http-version"] = "1.1",
                    // SignalR's negotiate and its connection must reach the same pod when Realtime has several.
                    ["nginx.ingress.kubernetes.io/affinity"] = "cookie",
                    ["nginx.ingress.kubernetes.io/session-cookie-name"] = "servicequeue-affinity",
                    ["nginx.ingress.kubernetes.io/proxy-body-size"] = "1m",
                },
            },
            ["spec"] = new Map
            {
                ["ingressClassName"] = "nginx",
                ["rules"] = new List<object>
                {
                    new Map { ["host"] = model.Options.Host, ["http"] = new Map { ["paths"] = paths } },
                },
            },
        };
    }
}
