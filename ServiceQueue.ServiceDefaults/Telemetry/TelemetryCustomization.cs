using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ServiceQueue.ServiceDefaults.Telemetry;

/// <summary>
/// Extra configuration applied to the tracer and meter providers when they are built (tests add an
/// in-memory exporter this way). Registered as a DI singleton; every registration applies.
/// </summary>
internal sealed record TelemetryCustomization(Action<TracerProviderBuilder>? Tracing = null, Action<MeterProviderBuilder>? Metrics = null);
