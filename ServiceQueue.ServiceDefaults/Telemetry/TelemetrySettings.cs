using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using ServiceQueue.ServiceDefaults.Configuration;

namespace ServiceQueue.ServiceDefaults.Telemetry;

/// <summary>
/// The standard OTEL_* settings, read from the host's configuration (not only the process environment)
/// so they can come from any configuration source, and tests can pass them in memory.
/// </summary>
internal sealed class TelemetrySettings
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string HeadersKey = "OTEL_EXPORTER_OTLP_HEADERS";
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
    public const string ResourceAttributesKey = "OTEL_RESOURCE_ATTRIBUTES";
    public const string MetricExportIntervalKey = "OTEL_METRIC_EXPORT_INTERVAL";

    public required string ServiceName { get; init; }

    public required IReadOnlyList<KeyValuePair<string, object>> ResourceAttributes { get; init; }

    /// <summary>From <c>OTEL_RESOURCE_ATTRIBUTES</c>, else made once, so traces, metrics and logs name the same instance.</summary>
    public required string ServiceInstanceId { get; init; }

    /// <summary>The OTLP base address, or null when nothing is to be exported.</summary>
    public Uri? Endpoint { get; init; }

    public OtlpExportProtocol Protocol { get; init; } = OtlpExportProtocol.HttpProtobuf;

    public string? Headers { get; init; }

    public int? MetricExportIntervalMilliseconds { get; init; }

    public static TelemetrySettings From(IConfiguration configuration, string applicationName)
    {
        var endpoint = configuration[EndpointKey];
        Uri? endpointUri = null;
        if (!string.IsNullOrWhiteSpace(endpoint) && !Uri.TryCreate(endpoint, UriKind.Absolute, out endpointUri))
        {
            throw new InvalidSettingException(EndpointKey, "OTLP receiver base address, e.g. http://127.0.0.1:4318");
        }

        var attributes = ParseAttributes(configuration[ResourceAttributesKey]);
        return new TelemetrySettings
        {
            ServiceName = ServiceNameFrom(configuration, applicationName),
            ResourceAttributes = attributes,
            ServiceInstanceId = attributes.FirstOrDefault(a => a.Key == "service.instance.id").Value as string ?? Guid.NewGuid().ToString(),
            Endpoint = endpointUri,
            Protocol = ParseProtocol(configuration[ProtocolKey]),
            Headers = configuration[HeadersKey],
            MetricExportIntervalMilliseconds = int.TryParse(configuration[MetricExportIntervalKey], out var interval) && interval > 0 ? interval : null,
        };
    }

    /// <summary><c>OTEL_SERVICE_NAME</c>, else the application's name.</summary>
    public static string ServiceNameFrom(IConfiguration configuration, string applicationName) =>
        configuration[ServiceNameKey] is { } name && !string.IsNullOrWhiteSpace(name) ? name.Trim() : applicationName;

    public ResourceBuilder CreateResource() =>
        // Attributes first, then the service: OTEL_SERVICE_NAME wins over a service.name attribute (the spec's rule).
        ResourceBuilder.CreateEmpty()
            .AddTelemetrySdk()
            .AddAttributes(ResourceAttributes)
            .AddService(ServiceName, serviceInstanceId: ServiceInstanceId, autoGenerateServiceInstanceId: false);

    /// <summary>The address a signal is posted to: with http/protobuf the base gets /v1/{signal}.</summary>
    public Uri SignalEndpoint(string signal)
    {
        var baseUri = Endpoint ?? throw new InvalidOperationException("Export is not configured.");
        if (Protocol != OtlpExportProtocol.HttpProtobuf)
        {
            return baseUri;
        }

        var text = baseUri.AbsoluteUri;
        return new Uri((text.EndsWith('/') ? text : text + "/") + "v1/" + signal);
    }

    private static OtlpExportProtocol ParseProtocol(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        "grpc" => OtlpExportProtocol.Grpc,
        _ => throw new InvalidSettingException(ProtocolKey, "OTLP protocol: http/protobuf (default) or grpc"),
    };

    // W3C Baggage form: key1=value1,key2=value2 with percent-encoded values.
    private static List<KeyValuePair<string, object>> ParseAttributes(string? value)
    {
        var attributes = new List<KeyValuePair<string, object>>();
        foreach (var pair in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                attributes.Add(new(pair[..equals].Trim(), Uri.UnescapeDataString(pair[(equals + 1)..].Trim())));
            }
        }

        return attributes;
    }
}
