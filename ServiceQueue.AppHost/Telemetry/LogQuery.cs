namespace ServiceQueue.AppHost.Telemetry;

/// <summary>Filters of the structured log view; null means any.</summary>
public sealed record LogQuery(string? Service = null, string? MinimumLevel = null, string? Text = null, string? TraceId = null, long After = 0, int Limit = 500);
