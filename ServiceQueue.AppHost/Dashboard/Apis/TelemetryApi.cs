using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceQueue.AppHost.Telemetry;

namespace ServiceQueue.AppHost.Dashboard.Apis;

/// <summary>What the OTLP receiver kept: structured logs, traces and metrics, as JSON.</summary>
internal static class TelemetryApi
{
    public static IEndpointRouteBuilder MapTelemetryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/logs", GetLogs);
        api.MapGet("/traces", GetTraces);
        api.MapGet("/traces/{traceId}", GetTrace);
        api.MapGet("/metrics", GetMetrics);
        return app;
    }

    private static Ok<IReadOnlyList<LogEntry>> GetLogs(
        TelemetryStore store, string? service, string? level, string? q, string? traceId, long? after, int? limit) =>
        TypedResults.Ok(store.Logs(new LogQuery(
            Blank(service), Blank(level), Blank(q), Blank(traceId), after ?? 0, Math.Clamp(limit ?? 500, 1, 5_000))));

    private static Ok<IReadOnlyList<TraceSummary>> GetTraces(TelemetryStore store, string? service, int? limit) =>
        TypedResults.Ok(store.Traces(Blank(service), Math.Clamp(limit ?? 200, 1, 2_000)));

    private static Results<Ok<TraceDetail>, NotFound> GetTrace(string traceId, TelemetryStore store) =>
        store.Trace(traceId.ToLowerInvariant()) is { } trace ? TypedResults.Ok(trace) : TypedResults.NotFound();

    private static Ok<IReadOnlyList<MetricSeriesView>> GetMetrics(TelemetryStore store, string? service) =>
        TypedResults.Ok(store.Metrics(Blank(service)));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
