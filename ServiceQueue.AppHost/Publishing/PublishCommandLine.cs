using System.CommandLine;

namespace ServiceQueue.AppHost.Publishing;

/// <summary>
/// <c>publish --output DIR [...]</c>: the AppHost's second verb. Without it the AppHost runs the
/// application; with it, the same app model is written out as Kubernetes manifests.
/// </summary>
internal static class PublishCommandLine
{
    public const string Verb = "publish";

    /// <summary>
    /// True when the arguments ask to publish; then <paramref name="options"/> holds what to publish,
    /// or null when only help was asked for (and has been written).
    /// </summary>
    /// <exception cref="ArgumentException">The arguments ask to publish but are not valid; the message lists why.</exception>
    public static bool TryParse(string[] args, out PublishOptions? options)
    {
        options = null;
        if (args.Length == 0 || args[0] != Verb)
        {
            return false;
        }

        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder that receives base/ and overlays/", Required = true };
        var ns = new Option<string>("--namespace") { Description = "Namespace of every object", DefaultValueFactory = _ => "servicequeue" };
        var secrets = new Option<SecretsMode>("--secrets") { Description = "generate: random values in git-ignored secrets.env files; external: the Secret comes from your store" };
        var connectionStrings = new Option<string[]>("--connection-string")
        {
            Description = "NAME=VALUE for a server outside the cluster (servicequeuedb, redis, rabbitmq); it is then not published",
            AllowMultipleArgumentsPerToken = false,
        };
        var otlp = new Option<string?>("--otlp-endpoint") { Description = "OTLP/HTTP endpoint the services export to" };
        var host = new Option<string>("--host") { Description = "Host name of the Ingress", DefaultValueFactory = _ => "servicequeue.example.com" };
        var ingressNamespace = new Option<string>("--ingress-namespace") { Description = "Namespace of the ingress controller", DefaultValueFactory = _ => "ingress-nginx" };
        var registry = new Option<string?>("--registry") { Description = "Registry prefixed to the service images" };

        var command = new Command(Verb, "Writes the application as a kustomize base and overlays") { output, ns, secrets, connectionStrings, otlp, host, ingressNamespace, registry };
        var result = new RootCommand { command }.Parse(args);
        if (result.Action is System.CommandLine.Help.HelpAction)
        {
            result.Invoke();
            return true;
        }

        if (result.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, result.Errors.Select(e => e.Message)));
        }

        options = new PublishOptions
        {
            OutputDirectory = result.GetRequiredValue(output).FullName,
            Namespace = result.GetRequiredValue(ns),
            Secrets = result.GetValue(secrets),
            ExternalConnectionStrings = ParsePairs(result.GetValue(connectionStrings) ?? []),
            OtlpEndpoint = result.GetValue(otlp) is { } endpoint ? AbsoluteUri(endpoint) : null,
            Host = result.GetRequiredValue(host),
            IngressNamespace = result.GetRequiredValue(ingressNamespace),
            Registry = result.GetValue(registry)?.TrimEnd('/'),
        };
        return true;
    }

    private static Uri AbsoluteUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"--otlp-endpoint expects an http(s) URL, got '{value}'.");

    private static Dictionary<string, string> ParsePairs(string[] pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new ArgumentException($"--connection-string expects NAME=VALUE, got '{pair}'.");
            }

            values[pair[..separator]] = pair[(separator + 1)..];
        }

        return values;
    }
}
