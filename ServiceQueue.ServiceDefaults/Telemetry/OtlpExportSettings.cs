using Microsoft.Extensions.Configuration;
using ServiceQueue.ServiceDefaults.Configuration;

namespace ServiceQueue.ServiceDefaults.Telemetry;

/// <summary>
/// The standard OTEL_* settings the OpenTelemetry SDK reads itself, checked at start: the SDK ignores a
/// value it cannot use with only an EventSource warning, which would leave a service silently unobserved.
/// </summary>
internal static class OtlpExportSettings
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";

    /// <summary>True when an OTLP endpoint is configured; a malformed endpoint or protocol throws <see cref="InvalidSettingException"/>.</summary>
    public static bool IsExportConfigured(IConfiguration configuration)
    {
        var protocol = configuration[ProtocolKey]?.Trim();
        if (!string.IsNullOrEmpty(protocol) && protocol is not ("http/protobuf" or "grpc"))
        {
            throw new InvalidSettingException(ProtocolKey, "OTLP protocol: http/protobuf or grpc");
        }

        var endpoint = configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return false;
        }

        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? true
            : throw new InvalidSettingException(EndpointKey, "OTLP receiver base address, e.g. http://127.0.0.1:4318");
    }

    /// <summary><c>OTEL_SERVICE_NAME</c>, else the application's name: what the fail-fast line is prefixed with.</summary>
    public static string ServiceName(IConfiguration configuration, string applicationName) =>
        configuration[ServiceNameKey] is { } name && !string.IsNullOrWhiteSpace(name) ? name.Trim() : applicationName;
}
