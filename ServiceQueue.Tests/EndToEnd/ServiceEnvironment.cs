using System.Text;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;

namespace ServiceQueue.Tests.EndToEnd;

/// <summary>What a service DCP launched is told: the environment of its spec, and its process's real environment.</summary>
internal static partial class ServiceEnvironment
{
    /// <summary>The variables the app model gave the service (DCP reports them; inherited ones are not among them).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> FromSpecAsync(DistributedApplication app, string service)
    {
        var running = await RunningAsync(app, service);
        return running.Snapshot.EnvironmentVariables
            .Where(variable => variable.IsFromSpec)
            .ToDictionary(variable => variable.Name, variable => variable.Value ?? "", StringComparer.Ordinal);
    }

    /// <summary>The environment of the process DCP started for the service, from <c>/proc/PID/environ</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OfProcessAsync(DistributedApplication app, string service)
    {
        var running = await RunningAsync(app, service);
        var pid = Convert.ToInt32(running.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value, System.Globalization.CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Encoding.UTF8.GetString(await File.ReadAllBytesAsync($"/proc/{pid}/environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                environment[entry[..equals]] = entry[(equals + 1)..];
            }
        }

        return environment;
    }

    /// <summary>A key of contracts.md section 1, or a service's own documented option the AppHost sets.</summary>
    public static bool IsContractKey(string key) => ContractKey().IsMatch(key) || DocumentedOption().IsMatch(key);

    /// <summary>
    /// What Aspire gives every project for its own plumbing, not application configuration: the
    /// OpenTelemetry SDK's standard settings, the hosting environment and the console log format.
    /// </summary>
    public static bool IsAspirePlumbing(string key) => AspirePlumbing().IsMatch(key);

    /// <summary>
    /// Aspire's second spelling of a referenced endpoint (<c>BROKER_GRPC</c>, for clients that are not .NET),
    /// beside the contract's <c>services__broker__grpc__0</c>: the same address, nothing else.
    /// </summary>
    public static bool IsEndpointAlias(IReadOnlyDictionary<string, string> environment, string key) =>
        EndpointAlias().Match(key) is { Success: true } alias
        && environment.TryGetValue($"services__{alias.Groups[1].Value.ToLowerInvariant()}__{alias.Groups[2].Value.ToLowerInvariant()}__0", out var address)
        && address == environment[key];

    private static Task<ResourceEvent> RunningAsync(DistributedApplication app, string service) =>
        app.ResourceNotifications.WaitForResourceAsync(service, e => e.Snapshot.State?.Text == KnownResourceStates.Running);

    [GeneratedRegex("""
        ^(ConnectionStrings__(servicequeuedb|redis|rabbitmq)
        |services__[a-z]+__(http|https|grpc)__[0-9]+
        |Kestrel__Endpoints__[a-z]+__(Url|Protocols)
        |ASPNETCORE_URLS
        |OTEL_(EXPORTER_OTLP_ENDPOINT|EXPORTER_OTLP_PROTOCOL|SERVICE_NAME|RESOURCE_ATTRIBUTES)
        |Security__Jwt__(SigningKey|Issuer|Audience)
        |Security__Encryption__(ActiveKeyId|Keys__[A-Za-z0-9]+|BlindIndexKey)
        |Bootstrap__(AdminUserName|AdminPassword))$
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex ContractKey();

    // docs/api.md: the origins of the browser front-ends (the console Realtime serves) the Api lets in.
    [GeneratedRegex("^Cors__AllowedOrigins__[0-9]+$")]
    private static partial Regex DocumentedOption();

    [GeneratedRegex("^([A-Z]+)_([A-Z]+)$")]
    private static partial Regex EndpointAlias();

    [GeneratedRegex("^(OTEL_[A-Z_]+|ASPNETCORE_ENVIRONMENT|DOTNET_ENVIRONMENT|DOTNET_[A-Z_]+|LOGGING__CONSOLE__[A-Z_]+)$")]
    private static partial Regex AspirePlumbing();
}
