using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceQueue.AppHost.Hosting.Orchestration;
using ServiceQueue.AppHost.Telemetry;

namespace ServiceQueue.AppHost.Dashboard;

/// <summary>Source-generated JSON for the dashboard's APIs (camelCase, as the page and tests read them).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<ResourceSnapshot>))]
[JsonSerializable(typeof(ResourceSnapshot))]
[JsonSerializable(typeof(ConsoleLogPage))]
[JsonSerializable(typeof(IReadOnlyList<LogEntry>))]
[JsonSerializable(typeof(IReadOnlyList<TraceSummary>))]
[JsonSerializable(typeof(TraceDetail))]
[JsonSerializable(typeof(IReadOnlyList<MetricSeriesView>))]
[JsonSerializable(typeof(string))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
