using Map = System.Collections.Generic.OrderedDictionary<string, object>;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// Who may talk to whom, read off the app model's references: every pod refuses traffic by default,
/// and each server or service accepts it only from the services that reference it (and, for the
/// external ones, from the ingress controller). Servers may resolve names and nothing else.
/// </summary>
internal static class NetworkManifests
{
    public static IEnumerable<Map> For(ClusterModel model)
    {
        yield return Policy("default-deny-ingress", new Map(), ["Ingress"]);

        if (model.Servers.Count > 0)
        {
            var servers = new Map
            {
                ["matchExpressions"] = new List<object>
                {
                    new Map { ["key"] = Labels.Name, ["operator"] = "In", ["values"] = model.Servers.Select(s => (object)s.Name).ToList() },
                },
            };
            var dns = new Map
            {
                ["to"] = new List<object>
                {
                    new Map
                    {
                        ["namespaceSelector"] = new Map(),
                        ["podSelector"] = new Map { ["matchLabels"] = new Map { ["k8s-app"] = "kube-dns" } },
                    },
                },
                ["ports"] = new List<object>
                {
                    new Map { ["protocol"] = "UDP", ["port"] = 53 },
                    new Map { ["protocol"] = "TCP", ["port"] = 53 },
                },
            };
            yield return Policy("servers-egress-dns-only", servers, ["Egress"], egress: [dns]);
        }

        foreach (var server in model.Servers)
        {
            yield return Allow(server.Name, model.ClientsOf(server.Resource), ingressNamespace: null);
        }

        foreach (var project in model.Services)
        {
            var clients = model.ClientsOf(project.Resource);
            var external = project.IngressPaths.Count > 0;
            if (clients.Count == 0 && !external)
            {
                continue;
            }

            yield return Allow(project.Name, clients, external ? model.Options.IngressNamespace : null);
        }
    }

    private static Map Allow(string target, IReadOnlyList<(PublishedService Client, IReadOnlyList<int> Ports)> clients, string? ingressNamespace)
    {
        var rules = new List<object>();
        // One rule per set of ports: each client reaches only the endpoints its environment names.
        foreach (var group in clients.GroupBy(c => string.Join(',', c.Ports), StringComparer.Ordinal))
        {
            rules.Add(new Map
            {
                ["from"] = group.Select(c => (object)new Map { ["podSelector"] = new Map { ["matchLabels"] = Labels.Selector(c.Client.Name) } }).ToList(),
                ["ports"] = group.First().Ports.Select(p => (object)new Map { ["protocol"] = "TCP", ["port"] = p }).ToList(),
            });
        }

        if (ingressNamespace is not null)
        {
            rules.Add(new Map
            {
                ["from"] = new List<object>
                {
                    new Map { ["namespaceSelector"] = new Map { ["matchLabels"] = new Map { ["kubernetes.io/metadata.name"] = ingressNamespace } } },
                },
                ["ports"] = new List<object> { new Map { ["protocol"] = "TCP", ["port"] = "http" } },
            });
        }

        return Policy($"allow-{target}", new Map { ["matchLabels"] = Labels.Selector(target) }, ["Ingress"], ingress: rules);
    }

    private static Map Policy(string name, Map podSelector, string[] types, List<object>? ingress = null, List<object>? egress = null)
    {
        var spec = new Map
        {
            ["podSelector"] = podSelector,
            ["policyTypes"] = types.Cast<object>().ToList(),
        };
        if (ingress is not null)
        {
            spec["ingress"] = ingress;
        }

        if (egress is not null)
        {
            spec["egress"] = egress;
        }

        return new Map
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "NetworkPolicy",
            ["metadata"] = new Map { ["name"] = name, ["labels"] = new Map { [Labels.PartOf] = Labels.Application } },
            ["spec"] = spec,
        };
    }
}
