using System.Text;
using ServiceQueue.AppHost.Resources.MySql;

namespace ServiceQueue.Tests.Publish;

/// <summary>What an operator gets from <c>publish</c>: manifests that render, validate, and wire the services as contracts.md says.</summary>
public sealed class KubernetesPublishTests(PublishedManifests published) : IClassFixture<PublishedManifests>
{
    private static readonly string[] Services = ["api", "broker", "consumer", "realtime"];
    private static readonly string[] Servers = ["mysql", "rabbitmq", "redis"];

    // Aspire gives every project in publish mode the exporter's retry switch and the forwarded-headers switch.
    private static readonly string[] Telemetry = ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_SERVICE_NAME", "ASPNETCORE_FORWARDEDHEADERS_ENABLED"];
    private static readonly string[] Http = ["HTTP_PORTS"];
    private static readonly string[] BrokerClient = ["services__broker__grpc__0"];
    private static readonly string[] Jwt = ["Security__Jwt__Audience", "Security__Jwt__Issuer", "Security__Jwt__SigningKey"];
    private static readonly string[] Encryption = ["Security__Encryption__ActiveKeyId", "Security__Encryption__BlindIndexKey", "Security__Encryption__Keys__1"];

    /// <summary>The environment of each service as Aspire evaluates it in publish mode: the names of contracts.md, section 1, and ASP.NET Core's HTTP_PORTS.</summary>
    private static readonly Dictionary<string, string[]> ContractEnvironment = new()
    {
        ["api"] = [.. Telemetry, .. Http, .. BrokerClient, .. Jwt, .. Encryption, "ConnectionStrings__rabbitmq", "ConnectionStrings__servicequeuedb", "Bootstrap__AdminPassword", "Bootstrap__AdminUserName"],
        // The Broker names its two Kestrel endpoints itself (HTTP/2 only on grpc), so Aspire gives it no HTTP_PORTS.
        ["broker"] = [.. Telemetry, "Kestrel__Endpoints__http__Url", "Kestrel__Endpoints__grpc__Protocols", "Kestrel__Endpoints__grpc__Url", "ConnectionStrings__redis"],
        ["consumer"] = [.. Telemetry, .. Http, .. BrokerClient, .. Encryption, "ConnectionStrings__rabbitmq"],
        ["realtime"] = [.. Telemetry, .. Http, .. BrokerClient, .. Jwt, .. Encryption, "services__api__http__0", "Pages__ApiBaseAddress"],
    };

    /// <summary>Keys whose values are credentials: they must come from the Secret, never a ConfigMap.</summary>
    private static readonly string[] SecretEnvironment =
        ["ConnectionStrings__rabbitmq", "ConnectionStrings__redis", "ConnectionStrings__servicequeuedb", "Security__Jwt__SigningKey", "Security__Encryption__Keys__1", "Security__Encryption__BlindIndexKey", "Bootstrap__AdminPassword"];

    [Fact]
    public void Base_and_both_overlays_render_every_service_and_server()
    {
        foreach (var render in PublishedManifests.Renders)
        {
            var objects = published.Objects[render];
            Assert.Equal(Services, Names(objects, "Deployment"));
            Assert.Equal(Servers, Names(objects, "StatefulSet"));
            Assert.Equal(Services, Names(objects, "HorizontalPodAutoscaler"));
            Assert.Equal(Services, Names(objects, "PodDisruptionBudget"));
            Assert.Equal([.. Services.Concat(Servers).Order(StringComparer.Ordinal)], Names(objects, "Service"));
            Assert.All(objects.Where(o => o.Kind == "Service" && Servers.Contains(o.Name)), s => Assert.Equal("None", s.Get("spec", "clusterIP")));
            Assert.Single(objects, o => o.Kind == "Ingress");
            Assert.All(objects.Where(o => o.Kind != "Namespace"), o => Assert.Equal("servicequeue", o.Get("metadata", "namespace")));
        }

        Assert.Contains(published.Objects["overlays/production"], o => o.Kind == "Secret");
        Assert.DoesNotContain(published.Objects["base"], o => o.Kind == "Secret");
    }

    [Fact]
    public async Task Every_rendered_object_validates_against_the_Kubernetes_schemas()
    {
        var result = await Tool.ValidateSchemasAsync([.. published.RenderedFiles.Values]);

        Assert.True(result.ExitCode == 0, $"schema validation failed:\n{Failures(result.Output)}{result.Error}");
        var validated = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(published.Objects.Values.Sum(o => o.Count), validated.Length);
    }

    [Fact]
    public void Servers_run_the_images_the_app_model_names()
    {
        var images = published.Objects["base"].Where(o => o.Kind == "StatefulSet").ToDictionary(o => o.Name, o => (string)o.Containers.Single()["image"]);

        Assert.Equal($"{MySqlServerResource.Image}:{MySqlServerResource.ImageTag}", images["mysql"]);
        // Aspire.Hosting.Redis' and Aspire.Hosting.RabbitMQ's container resources choose these.
        Assert.StartsWith("docker.io/library/redis:", images["redis"], StringComparison.Ordinal);
        Assert.Matches("^docker.io/library/rabbitmq:[0-9.]+-management$", images["rabbitmq"]);
    }

    [Fact]
    public void Every_container_has_probes_limits_and_a_non_root_read_only_context()
    {
        foreach (var workload in published.Objects["overlays/production"].Where(o => o.Kind is "Deployment" or "StatefulSet"))
        {
            var pod = workload.PodSpec;
            Assert.Equal("true", KubeObject.Map(pod["securityContext"])["runAsNonRoot"]);
            Assert.NotEqual("0", KubeObject.Map(pod["securityContext"])["runAsUser"]);
            foreach (var container in workload.Containers)
            {
                var where = $"{workload} container {container["name"]}";
                Assert.True(container.ContainsKey("readinessProbe"), $"{where} has no readiness probe");
                Assert.True(container.ContainsKey("livenessProbe"), $"{where} has no liveness probe");
                var limits = KubeObject.Map(KubeObject.Map(container["resources"])["limits"]);
                Assert.True(limits.ContainsKey("cpu") && limits.ContainsKey("memory"), $"{where} has no cpu and memory limits");
                var security = KubeObject.Map(container["securityContext"]);
                Assert.Equal("true", security["runAsNonRoot"]);
                Assert.Equal("false", security["allowPrivilegeEscalation"]);
                Assert.Equal(["ALL"], KubeObject.List(KubeObject.Map(security["capabilities"])["drop"]));
                if (workload.Kind == "Deployment")
                {
                    Assert.Equal("true", security["readOnlyRootFilesystem"]);
                    Assert.Contains(KubeObject.List(container["volumeMounts"]).Select(KubeObject.Map), m => (string)m["mountPath"] == "/tmp");
                    Assert.NotNull(KubeObject.Map(KubeObject.Map(container["lifecycle"])["preStop"]));
                    Assert.NotNull(pod["terminationGracePeriodSeconds"]);
                }
            }
        }
    }

    [Fact]
    public void Services_are_probed_on_health_and_alive_and_the_broker_over_grpc()
    {
        foreach (var deployment in published.Objects["base"].Where(o => o.Kind == "Deployment"))
        {
            var container = deployment.Containers.Single();
            Assert.Equal("/alive", KubeObject.Map(KubeObject.Map(container["livenessProbe"])["httpGet"])["path"]);
            var readiness = KubeObject.Map(container["readinessProbe"]);
            if (deployment.Name == "broker")
            {
                Assert.Equal("5301", KubeObject.Map(readiness["grpc"])["port"]);
            }
            else
            {
                Assert.Equal("/health", KubeObject.Map(readiness["httpGet"])["path"]);
            }
        }

        var brokerService = published.Objects["base"].Single(o => o.Kind == "Service" && o.Name == "broker");
        var grpcPort = KubeObject.List(brokerService.Get("spec", "ports")).Select(KubeObject.Map).Single(p => (string)p["name"] == "grpc");
        Assert.Equal("kubernetes.io/h2c", grpcPort["appProtocol"]);
        Assert.Equal("5301", grpcPort["port"]);
    }

    [Fact]
    public void Service_environment_is_what_Aspire_evaluates_with_credentials_only_from_the_Secret()
    {
        foreach (var deployment in published.Objects["overlays/production"].Where(o => o.Kind == "Deployment"))
        {
            var environment = KubeObject.List(deployment.Containers.Single()["env"]).Select(KubeObject.Map).ToList();
            var names = environment.Select(e => (string)e["name"]).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(ContractEnvironment[deployment.Name].Order(StringComparer.Ordinal), names);
            Assert.DoesNotContain("envFrom", deployment.Containers.Single().Keys);
            foreach (var variable in environment)
            {
                var source = KubeObject.Map(variable["valueFrom"]);
                var fromSecret = source.ContainsKey("secretKeyRef");
                Assert.True(fromSecret == SecretEnvironment.Contains((string)variable["name"]), $"{deployment} {variable["name"]}: secret={fromSecret}");
            }
        }

        var broker = ConfigMapOf("broker");
        Assert.Equal("Http2", broker["Kestrel__Endpoints__grpc__Protocols"]);
        Assert.Equal("http://*:5301", broker["Kestrel__Endpoints__grpc__Url"]);
        Assert.Equal("5100", ConfigMapOf("api")["HTTP_PORTS"]);
        Assert.Equal(PublishedManifests.OtlpEndpoint, broker["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http://broker:5301", ConfigMapOf("realtime")["services__broker__grpc__0"]);
        Assert.Equal("http://api:5100", ConfigMapOf("realtime")["services__api__http__0"]);
        // Browsers reach the Api through the Ingress that serves the console, never at its in-cluster name.
        Assert.Equal("/", ConfigMapOf("realtime")["Pages__ApiBaseAddress"]);
        // Behind the Ingress, the Api and Realtime take the client's address from the proxy's headers.
        Assert.Equal("true", ConfigMapOf("api")["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
        Assert.Equal("true", ConfigMapOf("realtime")["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
    }

    [Fact]
    public void Every_referenced_ConfigMap_and_Secret_key_exists()
    {
        foreach (var render in PublishedManifests.Renders.Skip(1))
        {
            var objects = published.Objects[render];
            var configMaps = objects.Where(o => o.Kind == "ConfigMap").ToDictionary(o => o.Name, o => KubeObject.Map(o.Get("data")).Keys.Cast<string>().ToHashSet());
            var secrets = objects.Where(o => o.Kind == "Secret").ToDictionary(o => o.Name, o => KubeObject.Map(o.Get("data")).Keys.Cast<string>().ToHashSet());
            var references = 0;
            foreach (var workload in objects.Where(o => o.Kind is "Deployment" or "StatefulSet"))
            {
                foreach (var variable in workload.Containers.SelectMany(c => KubeObject.List(c.GetValueOrDefault("env"))).Select(KubeObject.Map))
                {
                    var source = KubeObject.Map(variable.GetValueOrDefault("valueFrom"));
                    foreach (var (kind, keys) in new[] { ("configMapKeyRef", configMaps), ("secretKeyRef", secrets) })
                    {
                        if (source.TryGetValue(kind, out var reference))
                        {
                            var name = (string)KubeObject.Map(reference)["name"];
                            var key = (string)KubeObject.Map(reference)["key"];
                            Assert.True(keys.TryGetValue(name, out var present) && present.Contains(key), $"{render}: {workload} reads {kind} {name}/{key}, which does not exist");
                            references++;
                        }
                    }
                }
            }

            Assert.True(references > 50, $"{render}: only {references} references checked");
        }
    }

    [Fact]
    public void Each_network_policy_lets_in_only_the_clients_the_app_model_declares()
    {
        var objects = published.Objects["overlays/production"];
        var pods = objects.Where(o => o.Kind is "Deployment" or "StatefulSet").ToDictionary(o => o.Name, o => o.PodLabels);
        var policies = objects.Where(o => o.Kind == "NetworkPolicy").ToList();

        var allowed = pods.Keys.ToDictionary(p => p, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var policy in policies.Where(p => KubeObject.List(p.Get("spec", "policyTypes")).Contains("Ingress")))
        {
            foreach (var pod in pods.Where(p => Selects(KubeObject.Map(policy.Get("spec", "podSelector")), p.Value)).Select(p => p.Key))
            {
                foreach (var rule in KubeObject.List(policy.Get("spec", "ingress")).Select(KubeObject.Map))
                {
                    if (!rule.TryGetValue("from", out var from))
                    {
                        allowed[pod].Add("*");
                        continue;
                    }

                    foreach (var peer in KubeObject.List(from).Select(KubeObject.Map))
                    {
                        if (peer.TryGetValue("namespaceSelector", out var namespaces))
                        {
                            allowed[pod].Add($"namespace {string.Join(",", KubeObject.Map(KubeObject.Map(namespaces).GetValueOrDefault("matchLabels")).Values)}");
                        }
                        else
                        {
                            allowed[pod].UnionWith(pods.Where(p => Selects(KubeObject.Map(peer["podSelector"]), p.Value)).Select(p => p.Key));
                        }
                    }
                }
            }
        }

        Assert.Equal(["broker"], allowed["redis"]);
        Assert.Equal(["api"], allowed["mysql"]);
        Assert.Equal(["api", "consumer"], allowed["rabbitmq"]);
        Assert.Equal(["api", "consumer", "realtime"], allowed["broker"]);
        Assert.Equal(["namespace ingress-nginx", "realtime"], allowed["api"]);
        Assert.Equal(["namespace ingress-nginx"], allowed["realtime"]);
        Assert.Empty(allowed["consumer"]);

        var denyAll = policies.Single(p => p.Name == "default-deny-ingress");
        Assert.All(pods.Values, labels => Assert.True(Selects(KubeObject.Map(denyAll.Get("spec", "podSelector")), labels)));
        var dnsOnly = policies.Single(p => p.Name == "servers-egress-dns-only");
        Assert.Equal(Servers, pods.Where(p => Selects(KubeObject.Map(dnsOnly.Get("spec", "podSelector")), p.Value)).Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_ingress_routes_the_api_and_realtime_with_websocket_timeouts()
    {
        var ingress = published.Objects["base"].Single(o => o.Kind == "Ingress");
        var annotations = KubeObject.Map(ingress.Get("metadata", "annotations"));
        Assert.Equal("3600", annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]);
        Assert.Equal("3600", annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]);
        var routes = KubeObject.List(ingress.Get("spec", "rules")).Select(KubeObject.Map)
            .SelectMany(r => KubeObject.List(KubeObject.Map(r["http"])["paths"]).Select(KubeObject.Map))
            .ToDictionary(p => (string)p["path"], p => (string)KubeObject.Map(KubeObject.Map(p["backend"])["service"])["name"]);
        Assert.Equal("api", routes["/api"]);
        Assert.Equal("realtime", routes["/"]);
        Assert.Equal(["api", "realtime"], routes.Values.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generated_secrets_are_random_per_overlay_owner_only_and_git_ignored()
    {
        var files = PublishedManifests.Renders.Skip(1).Select(o => Path.Combine(published.Folder, o, "secrets.env")).ToList();
        var values = files.Select(Read).ToList();

        foreach (var file in files)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Contains("secrets.env", File.ReadAllLines(Path.Combine(Path.GetDirectoryName(file)!, ".gitignore")));
        }

        Assert.Equal(values[0].Keys, values[1].Keys);
        Assert.All(values[0].Keys, key => Assert.NotEqual(values[0][key], values[1][key]));
        Assert.Equal(32, Convert.FromBase64String(values[0]["jwt-signing-key"]).Length);
        Assert.Contains($"Password={values[0]["mysql-password"]};", values[0]["connection-string-servicequeuedb"], StringComparison.Ordinal);

        var secret = published.Objects["overlays/development"].Single(o => o.Kind == "Secret");
        var rendered = KubeObject.Map(secret.Get("data")).ToDictionary(e => (string)e.Key, e => Encoding.UTF8.GetString(Convert.FromBase64String(((string)e.Value).Replace("\n", "", StringComparison.Ordinal))));
        Assert.Equal(values[0], rendered);
        Assert.DoesNotContain(values[0]["redis-password"], File.ReadAllText(published.RenderedFiles["base"]), StringComparison.Ordinal);
    }

    private Dictionary<object, object> ConfigMapOf(string service) =>
        KubeObject.Map(published.Objects["base"].Single(o => o.Kind == "ConfigMap" && o.Name == $"{service}-config").Get("data"));

    private static Dictionary<string, string> Read(string file) =>
        File.ReadAllLines(file).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static string[] Names(IEnumerable<KubeObject> objects, string kind) =>
        [.. objects.Where(o => o.Kind == kind).Select(o => o.Name).Order(StringComparer.Ordinal)];

    private static string Failures(string output) =>
        string.Join('\n', output.Split('\n').Where(l => l.Contains("\"ok\":false", StringComparison.Ordinal))) + "\n";

    /// <summary>A label selector (matchLabels and matchExpressions with In / NotIn / Exists) against a pod's labels.</summary>
    internal static bool Selects(Dictionary<object, object> selector, Dictionary<object, object> labels)
    {
        foreach (var (key, value) in KubeObject.Map(selector.GetValueOrDefault("matchLabels")))
        {
            if (!labels.TryGetValue(key, out var actual) || !Equals(actual, value))
            {
                return false;
            }
        }

        foreach (var expression in KubeObject.List(selector.GetValueOrDefault("matchExpressions")).Select(KubeObject.Map))
        {
            var present = labels.TryGetValue(expression["key"], out var actual);
            var values = KubeObject.List(expression.GetValueOrDefault("values"));
            var matches = (string)expression["operator"] switch
            {
                "In" => present && values.Contains(actual!),
                "NotIn" => !present || !values.Contains(actual!),
                "Exists" => present,
                "DoesNotExist" => !present,
                var other => throw new InvalidOperationException($"unknown selector operator {other}"),
            };
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }
}
