using ServiceQueue.AppHost.LocalServers;
using Map = System.Collections.Generic.OrderedDictionary<string, object>;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// MySQL 8.4, Redis 7 and RabbitMQ 3.13 from their official images, each a one-pod StatefulSet with a
/// persistent volume and a headless Service; where the app model runs Debian's servers locally.
/// </summary>
internal static class ServerManifests
{
    /// <summary>The <c>mysql</c>, <c>redis</c> and <c>rabbitmq</c> users of the official images.</summary>
    private const int ImageUserId = 999;

    public static IEnumerable<Map> For(ServerResource server)
    {
        var shape = server switch
        {
            MySqlServerResource mySql => MySql(mySql),
            RedisResource redis => Redis(redis),
            RabbitMQServerResource rabbit => RabbitMq(rabbit),
            _ => throw new InvalidOperationException($"{server.Name}: no Kubernetes shape is known for {server.GetType().Name}."),
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
                ["ports"] = shape.Ports.Select(p => (object)new Map { ["name"] = p.Name, ["port"] = p.Port, ["targetPort"] = p.Name, ["protocol"] = "TCP" }).ToList(),
            },
        };
        yield return StatefulSet(server, shape);
    }

    private static Map Metadata(ServerResource server, ServerShape shape) => new() { ["name"] = server.Name, ["labels"] = Labels.For(server.Name, shape.Component) };

    private static Map StatefulSet(ServerResource server, ServerShape shape)
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
            ["image"] = shape.Image,
            ["imagePullPolicy"] = "IfNotPresent",
        };
        if (shape.Command is not null)
        {
            container["command"] = shape.Command.Cast<object>().ToList();
        }

        container["ports"] = shape.Ports.Select(p => (object)new Map { ["name"] = p.Name, ["containerPort"] = p.Port, ["protocol"] = "TCP" }).ToList();
        container["env"] = shape.Environment.Select(e => (object)new Map
        {
            ["name"] = e.Name,
            [e.SecretKey is null ? "value" : "valueFrom"] = e.SecretKey is null
                ? e.Value!
                : new Map { ["secretKeyRef"] = new Map { ["name"] = ClusterModel.SecretName, ["key"] = e.SecretKey } },
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

    private static ServerShape MySql(MySqlServerResource server)
    {
        var database = server.Databases.FirstOrDefault()?.DatabaseName ?? "servicequeuedb";
        // `mysqladmin ping` succeeds once the server answers, even when it refuses the (absent) credentials.
        string[] ping = ["mysqladmin", "ping", "--host=127.0.0.1", "--silent"];
        return new ServerShape(
            Image: "mysql:8.4",
            Component: "database",
            Ports: [("mysql", ClusterModel.MySqlPort)],
            Environment:
            [
                new("MYSQL_DATABASE", database, null),
                new("MYSQL_PASSWORD", null, ClusterModel.PasswordKey(server)),
                new("MYSQL_ROOT_PASSWORD", null, ClusterModel.RootPasswordKey(server)),
                new("MYSQL_USER", MariaDbServer.ApplicationUser, null),
            ],
            Command: null,
            DataPath: "/var/lib/mysql",
            ScratchPaths: ["/tmp", "/var/run/mysqld"],
            ReadOnlyRootFilesystem: true,
            ReadyCommand: ping,
            AliveCommand: ping,
            MemoryRequest: "512Mi",
            MemoryLimit: "1Gi",
            Storage: "10Gi");
    }

    private static ServerShape Redis(RedisResource server)
    {
        // The password comes from the Secret through the environment, never from the manifest.
        string[] ping = ["sh", "-c", "REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli ping | grep -q PONG"];
        return new ServerShape(
            Image: "redis:7.4",
            Component: "cache",
            Ports: [("redis", ClusterModel.RedisPort)],
            Environment: [new("REDIS_PASSWORD", null, ClusterModel.PasswordKey(server))],
            Command: ["sh", "-c", $"exec redis-server --dir /data --appendonly yes --appendfsync {server.AppendFsync} --requirepass \"$REDIS_PASSWORD\""],
            DataPath: "/data",
            ScratchPaths: [],
            ReadOnlyRootFilesystem: true,
            ReadyCommand: ping,
            AliveCommand: ping,
            MemoryRequest: "256Mi",
            MemoryLimit: "1Gi",
            Storage: "5Gi");
    }

    private static ServerShape RabbitMq(RabbitMQServerResource server) => new(
        Image: "rabbitmq:3.13-management",
        Component: "messaging",
        Ports: [("amqp", ClusterModel.AmqpPort), ("management", 15672)],
        Environment:
        [
            new("RABBITMQ_DEFAULT_PASS", null, ClusterModel.PasswordKey(server)),
            new("RABBITMQ_DEFAULT_USER", RabbitMqServer.ApplicationUser, null),
        ],
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
