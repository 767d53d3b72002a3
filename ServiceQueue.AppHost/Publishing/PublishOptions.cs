namespace ServiceQueue.AppHost.Publishing;

/// <summary>What <c>publish</c> writes, and what it leaves to the cluster's operators.</summary>
public sealed record PublishOptions
{
    /// <summary>The folder that receives <c>base/</c> and <c>overlays/</c>.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The namespace every object lives in.</summary>
    public string Namespace { get; init; } = "servicequeue";

    /// <summary>How the Secret <c>servicequeue-secrets</c> comes to exist.</summary>
    public SecretsMode Secrets { get; init; } = SecretsMode.Generate;

    /// <summary>Connection strings of servers run outside the cluster, by resource name; such servers are not published.</summary>
    public IReadOnlyDictionary<string, string> ExternalConnectionStrings { get; init; } = new Dictionary<string, string>();

    /// <summary>Where services export telemetry (OTLP over HTTP); none when null.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>The host name the Ingress serves the Api and Realtime on.</summary>
    public string Host { get; init; } = "servicequeue.example.com";

    /// <summary>The namespace of the ingress controller, the only one allowed to reach the Api and Realtime from outside.</summary>
    public string IngressNamespace { get; init; } = "ingress-nginx";

    /// <summary>A registry prefixed to every service image (<c>registry.example.com/team</c>); none keeps the bare names.</summary>
    public string? Registry { get; init; }
}
