using Microsoft.Extensions.Configuration;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>What the Kubernetes environment writes, and what it leaves to the cluster's operators.</summary>
public sealed record PublishOptions
{
    /// <summary>The configuration section the options are read from (<c>--Kubernetes:Secrets external</c> on the command line).</summary>
    public const string Section = "Kubernetes";

    private static readonly string[] Known = ["Namespace", "Secrets", "ConnectionStrings", "OtlpEndpoint", "Host", "IngressNamespace", "Registry"];

    /// <summary>The folder that receives <c>base/</c> and <c>overlays/</c> (Aspire's <c>--output-path</c>).</summary>
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

    /// <summary>The options from the <see cref="Section"/> section of the AppHost's configuration (command line, environment, appsettings).</summary>
    /// <exception cref="ArgumentException">A key is unknown or a value is not valid; the message names the key.</exception>
    public static PublishOptions From(IConfiguration configuration, string outputDirectory)
    {
        var section = configuration.GetSection(Section);
        var unknown = section.GetChildren().Select(c => c.Key).Where(k => !Known.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"{Section}:{unknown[0]} is not an option of the Kubernetes environment (known: {string.Join(", ", Known)}).");
        }

        var secrets = section["Secrets"] switch
        {
            null or "" => SecretsMode.Generate,
            var value when Enum.TryParse<SecretsMode>(value, ignoreCase: true, out var mode) && !int.TryParse(value, out _) => mode,
            var value => throw new ArgumentException($"{Section}:Secrets expects generate or external, got '{value}'."),
        };

        return new PublishOptions
        {
            OutputDirectory = Path.GetFullPath(outputDirectory),
            Namespace = section["Namespace"] is { Length: > 0 } ns ? ns : "servicequeue",
            Secrets = secrets,
            ExternalConnectionStrings = section.GetSection("ConnectionStrings").GetChildren()
                .ToDictionary(c => c.Key, c => c.Value ?? string.Empty, StringComparer.Ordinal),
            OtlpEndpoint = section["OtlpEndpoint"] is { Length: > 0 } otlp ? AbsoluteUri(otlp) : null,
            Host = section["Host"] is { Length: > 0 } host ? host : "servicequeue.example.com",
            IngressNamespace = section["IngressNamespace"] is { Length: > 0 } ingress ? ingress : "ingress-nginx",
            Registry = section["Registry"] is { Length: > 0 } registry ? registry.TrimEnd('/') : null,
        };
    }

    private static Uri AbsoluteUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"{Section}:OtlpEndpoint expects an http(s) URL, got '{value}'.");
}
