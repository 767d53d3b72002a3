namespace ServiceQueue.Realtime.Apis;

/// <summary>The body of <c>/config.json</c>.</summary>
internal sealed record PagesConfig(string? ApiBaseAddress);
