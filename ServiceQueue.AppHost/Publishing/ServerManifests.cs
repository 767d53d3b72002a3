using ServiceQueue.AppHost.Resources.MySql;
using Map = System.Collections.Generic.OrderedDictionary<string, object>;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// The servers of the app model (MariaDB, Redis, RabbitMQ), each a one-pod StatefulSet of the image the
/// model names, with a persistent volume and a headless Service. Image, ports and environment come from
/// the model; paths, probes and sizes, which the model does not describe, from <see cref="ServerShape"/>.
/// </summary>
internal static class ServerManifests
{
    /// <summary>The <c>mysql</c>, <c>redis</c> and <c>rabbitmq</c> users of the official images.</summary>
    private const int ImageUserId = 999;

    public static IEnumerable<Map> For(PublishedServer server)
    {
        var shape = server.Resource switch
        {
            MySqlServerResource => MySql,
            RedisResource => Redis,
            RabbitMQServerResource => RabbitMq,
            var other => throw new InvalidOperationException($"{server.Name}: no Kubernetes shape is known for {other.GetType().Name}."),
        };

        yield return new Map
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = Metadata(server, shape),
            ["spec"] = new Map
            {
                // Headless: the StatefulSet's pod is addressed directly, as a stable network identity.
                ["clusterIP"] = "None",
                ["selector"] = Labels.Selector(server.Name),
                ["ports"] = server.Endpoints.Select(e => (object)new Map { ["name"] = e.Name, ["port"] = ClusterValues.ServicePort(e), ["targetPort"] = e.Name, ["protocol"] = "TCP" }).ToList(),
            },
        };
        yield return StatefulSet(server, shape);
    }

    private static Map Metadata(PublishedServer server, ServerShape shape) => new() { ["name"] = server.Name, ["labels"] = Labels.For(server.Name, shape.Component) };

    private static Map StatefulSet(PublishedServer server, ServerShape shape)
    {
        var mounts = new List<object> { new Map { ["name"] = "data", ["mountPath"] = shape.DataPath } };
        var volumes = new List<object>();
        foreach (var (path, index) in shape.ScratchPaths.Select((p, i) => (p, i)))
        {
            mounts.Add(new Map { ["name"] = $"scratch-{index}", ["mountPath"] = path });
            volumes.Add(new Map { ["name"] = $"scratch-{index}", ["emptyDir"] = new Map() });
        }

        var container = new Map
        {
            ["name"] = server.Name,
            ["image"] = server.Image,
            ["imagePullPolicy"] = "IfNotPresent",
        };
        if (shape.Command is not null)
        {
            container["command"] = shape.Command.Cast<object>().ToList();
        }

        container["ports"] = server.Endpoints.Select(e => (object)new Map { ["name"] = e.Name, ["containerPort"] = ClusterValues.ContainerPort(e), ["protocol"] = "TCP" }).ToList();
        container["env"] = server.Environment.Select(e => (object)new Map
        {
            ["name"] = e.Key,
            [e.Value.SecretKey is null ? "value" : "valueFrom"] = e.Value.SecretKey is null
                ? e.Value.Value!
                : new Map { ["secretKeyRef"] = new Map { ["name"] = ClusterModel.SecretName, ["key"] = e.Value.SecretKey } },
        }).ToList();
        container["resources"] = new Map
        {
            ["requests"] = new Map { ["cpu"] = "100m", ["memory"] = shape.MemoryRequest },
            ["limits"] = new Map { ["cpu"] = "1", ["memory"] = shape.MemoryLimit },
        };
        container["startupProbe"] = ExecProbe(shape.ReadyCommand, periodSeconds: 5, failureThreshold: 60);
        container["readinessProbe"] = ExecProbe(shape.ReadyCommand, periodSeconds: 10, failureThreshold: 3);
        container["livenessProbe"] = ExecProbe(shape.AliveCommand, periodSeconds: 30, failureThreshold: 3);
        container["securityContext"] = ServiceManifests.RestrictedContainer(shape.ReadOnlyRootFilesystem);
        container["volumeMounts"] = mounts;

        var podSpec = new Map
        {
            ["automountServiceAccountToken"] = false,
            ["enableServiceLinks"] = false,
            ["terminationGracePeriodSeconds"] = 60,
            ["securityContext"] = ServiceManifests.RestrictedPod(ImageUserId),
            ["containers"] = new List<object> { container },
        };
        if (volumes.Count > 0)
        {
            podSpec["volumes"] = volumes;
        }

        return new Map
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "StatefulSet",
            ["metadata"] = Metadata(server, shape),
            ["spec"] = new Map
            {
                ["serviceName"] = server.Name,
                ["replicas"] = 1,
                ["selector"] = new Map { ["matchLabels"] = Labels.Selector(server.Name) },
                ["template"] = new Map
                {
                    ["metadata"] = new Map { ["labels"] = Labels.For(server.Name, shape.Component) },
                    ["spec"] = podSpec,
                },
                ["volumeClaimTemplates"] = new List<object>
                {
                    new Map
                    {
                        ["metadata"] = new Map { ["name"] = "data", ["labels"] = Labels.For(server.Name, shape.Component) },
                        ["spec"] = new Map
                        {
                            ["accessModes"] = new List<object> { "ReadWriteOnce" },
                            ["resources"] = new Map { ["requests"] = new Map { ["storage"] = shape.Storage } },
                        },
                    },
                },
            },
        };
    }

    private static Map ExecProbe(IReadOnlyList<string> command, int periodSeconds, int failureThreshold) => new()
    {
        ["exec"] = new Map { ["command"] = command.Cast<object>().ToList() },
        ["periodSeconds"] = periodSeconds,
        ["timeoutSeconds"] = 10,
        ["failureThreshold"] = failureThreshold,
    };

    // `mariadb-admin ping` succeeds once the server answers, even when it refuses the (absent) credentials.
    private static readonly string[] MariaDbPing = ["mariadb-admin", "ping", "--host=127.0.0.1", "--silent"];

    private static readonly ServerShape MySql = new(
        Component: "database",
        Command: null,
        DataPath: "/var/lib/mysql",
        ScratchPaths: ["/tmp", "/run/mysqld"],
        ReadOnlyRootFilesystem: true,
        ReadyCommand: MariaDbPing,
        AliveCommand: MariaDbPing,
        MemoryRequest: "512Mi",
        MemoryLimit: "1Gi",
        Storage: "10Gi");

    // The password comes from the Secret through REDIS_PASSWORD (Aspire's variable), never from the manifest.
    private static readonly string[] RedisPing = ["sh", "-c", "REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli ping | grep -q PONG"];

    // Aspire's Redis arguments set the password only; the append-only file, as the local server has it, is the publisher's.
    private static readonly ServerShape Redis = new(
        Component: "cache",
        Command: ["sh", "-c", "exec redis-server --dir /data --appendonly yes --appendfsync everysec --requirepass \"$REDIS_PASSWORD\""],
        DataPath: "/data",
        ScratchPaths: [],
        ReadOnlyRootFilesystem: true,
        ReadyCommand: RedisPing,
        AliveCommand: RedisPing,
        MemoryRequest: "256Mi",
        MemoryLimit: "1Gi",
        Storage: "5Gi");

    private static readonly ServerShape RabbitMq = new(
        Component: "messaging",
        Command: null,
        DataPath: "/var/lib/rabbitmq",
        ScratchPaths: ["/tmp"],
        // The image's entrypoint writes its configuration under /etc/rabbitmq at start.
        ReadOnlyRootFilesystem: false,
        ReadyCommand: ["rabbitmq-diagnostics", "-q", "check_port_connectivity"],
        AliveCommand: ["rabbitmq-diagnostics", "-q", "ping"],
        MemoryRequest: "512Mi",
        MemoryLimit: "1Gi",
        Storage: "5Gi");
}
