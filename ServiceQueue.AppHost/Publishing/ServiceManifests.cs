using Map = System.Collections.Generic.OrderedDictionary<string, object>;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>One service of the app model as Kubernetes objects: ConfigMap, Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget.</summary>
internal static class ServiceManifests
{
    public const int Replicas = 1;
    public const int MaxReplicas = 3;

    /// <summary>Long enough for in-flight requests and gRPC streams to finish after the preStop pause.</summary>
    public const int TerminationGracePeriodSeconds = 30;

    /// <summary>Endpoints and Services need a moment to stop routing to a terminating pod; it keeps serving meanwhile.</summary>
    public const int PreStopSeconds = 5;

    public static IEnumerable<Map> For(PublishedService project, ClusterModel model)
    {
        var environment = project.Environment;
        var configMap = $"{project.Name}-config";
        yield return new Map
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = Metadata(project.Name, configMap),
            ["data"] = new Map(environment.Where(e => e.Value.Value is not null).Select(e => KeyValuePair.Create(e.Key, (object)e.Value.Value!))),
        };
        yield return Deployment(project, model, environment, configMap);
        yield return Service(project);
        yield return Autoscaler(project);
        yield return new Map
        {
            ["apiVersion"] = "policy/v1",
            ["kind"] = "PodDisruptionBudget",
            ["metadata"] = Metadata(project.Name, project.Name),
            // One pod at a time, whatever the replica count: never blocks a drain with one replica.
            ["spec"] = new Map { ["maxUnavailable"] = 1, ["selector"] = new Map { ["matchLabels"] = Labels.Selector(project.Name) } },
        };
    }

    private static Map Metadata(string service, string name) => new() { ["name"] = name, ["labels"] = Labels.For(service, "service") };

    private static Map Deployment(PublishedService project, ClusterModel model, SortedDictionary<string, EnvironmentSource> environment, string configMap)
    {
        if (!project.Endpoints.Any(e => e.Name == "http"))
        {
            throw new InvalidOperationException($"{project.Name} has no 'http' endpoint for /health and /alive.");
        }

        var grpc = project.Endpoints.FirstOrDefault(e => e.Transport == "http2");
        var container = new Map
        {
            ["name"] = project.Name,
            ["image"] = ContainerImage.For(project.Resource, model.Options.Registry),
            ["imagePullPolicy"] = "IfNotPresent",
            ["ports"] = project.Endpoints.Select(e => (object)new Map { ["name"] = e.Name, ["containerPort"] = ClusterValues.ContainerPort(e), ["protocol"] = "TCP" }).ToList(),
            ["env"] = environment.Select(e => (object)new Map
            {
                ["name"] = e.Key,
                ["valueFrom"] = e.Value.SecretKey is { } key
                    ? new Map { ["secretKeyRef"] = new Map { ["name"] = ClusterModel.SecretName, ["key"] = key } }
                    : new Map { ["configMapKeyRef"] = new Map { ["name"] = configMap, ["key"] = e.Key } },
            }).ToList(),
            ["resources"] = new Map
            {
                ["requests"] = new Map { ["cpu"] = "100m", ["memory"] = "128Mi" },
                ["limits"] = new Map { ["cpu"] = "1", ["memory"] = "512Mi" },
            },
            // Liveness waits for the start (migrations, first connections) instead of killing a slow one.
            ["startupProbe"] = HttpProbe("/alive", periodSeconds: 2, failureThreshold: 60),
            ["readinessProbe"] = grpc is null
                ? HttpProbe("/health", periodSeconds: 5, failureThreshold: 3)
                : new Map { ["grpc"] = new Map { ["port"] = ClusterValues.ContainerPort(grpc) }, ["periodSeconds"] = 5, ["timeoutSeconds"] = 3, ["failureThreshold"] = 3 },
            ["livenessProbe"] = HttpProbe("/alive", periodSeconds: 10, failureThreshold: 3),
            ["lifecycle"] = new Map { ["preStop"] = new Map { ["sleep"] = new Map { ["seconds"] = PreStopSeconds } } },
            ["securityContext"] = RestrictedContainer(readOnlyRootFilesystem: true),
            ["volumeMounts"] = new List<object> { new Map { ["name"] = "tmp", ["mountPath"] = "/tmp" } },
        };

        return new Map
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = Metadata(project.Name, project.Name),
            ["spec"] = new Map
            {
                ["replicas"] = Replicas,
                ["revisionHistoryLimit"] = 5,
                ["selector"] = new Map { ["matchLabels"] = Labels.Selector(project.Name) },
                ["strategy"] = new Map { ["type"] = "RollingUpdate", ["rollingUpdate"] = new Map { ["maxSurge"] = 1, ["maxUnavailable"] = 0 } },
                ["template"] = new Map
                {
                    ["metadata"] = new Map { ["labels"] = Labels.For(project.Name, "service") },
                    ["spec"] = new Map
                    {
                        ["automountServiceAccountToken"] = false,
                        // Only the keys of contracts.md: no Docker-link variables such as REDIS_PORT.
                        ["enableServiceLinks"] = false,
                        ["terminationGracePeriodSeconds"] = TerminationGracePeriodSeconds,
                        ["securityContext"] = RestrictedPod(ContainerImage.UserId),
                        ["containers"] = new List<object> { container },
                        ["volumes"] = new List<object> { new Map { ["name"] = "tmp", ["emptyDir"] = new Map { ["sizeLimit"] = "64Mi" } } },
                    },
                },
            },
        };
    }

    private static Map Service(PublishedService project) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Metadata(project.Name, project.Name),
        ["spec"] = new Map
        {
            ["type"] = "ClusterIP",
            ["selector"] = Labels.Selector(project.Name),
            ["ports"] = project.Endpoints.Select(e => (object)new Map
            {
                ["name"] = e.Name,
                ["port"] = ClusterValues.ServicePort(e),
                ["targetPort"] = e.Name,
                ["protocol"] = "TCP",
                // Tells meshes and gateways the port speaks HTTP/2 without TLS (prior knowledge), as gRPC here does.
                ["appProtocol"] = e.Transport == "http2" ? "kubernetes.io/h2c" : "http",
            }).ToList(),
        },
    };

    private static Map Autoscaler(PublishedService project) => new()
    {
        ["apiVersion"] = "autoscaling/v2",
        ["kind"] = "HorizontalPodAutoscaler",
        ["metadata"] = Metadata(project.Name, project.Name),
        ["spec"] = new Map
        {
            ["scaleTargetRef"] = new Map { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = project.Name },
            ["minReplicas"] = Replicas,
            ["maxReplicas"] = MaxReplicas,
            ["metrics"] = new List<object>
            {
                new Map
                {
                    ["type"] = "Resource",
                    ["resource"] = new Map { ["name"] = "cpu", ["target"] = new Map { ["type"] = "Utilization", ["averageUtilization"] = 70 } },
                },
            },
        },
    };

    private static Map HttpProbe(string path, int periodSeconds, int failureThreshold) => new()
    {
        ["httpGet"] = new Map { ["path"] = path, ["port"] = "http" },
        ["periodSeconds"] = periodSeconds,
        ["timeoutSeconds"] = 3,
        ["failureThreshold"] = failureThreshold,
    };

    public static Map RestrictedPod(int userId) => new()
    {
        ["runAsNonRoot"] = true,
        ["runAsUser"] = userId,
        ["runAsGroup"] = userId,
        ["fsGroup"] = userId,
        ["seccompProfile"] = new Map { ["type"] = "RuntimeDefault" },
    };

    public static Map RestrictedContainer(bool readOnlyRootFilesystem) => new()
    {
        ["runAsNonRoot"] = true,
        ["allowPrivilegeEscalation"] = false,
        ["readOnlyRootFilesystem"] = readOnlyRootFilesystem,
        ["capabilities"] = new Map { ["drop"] = new List<object> { "ALL" } },
    };
}
