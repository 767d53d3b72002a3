using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ServiceQueue.AppHost.Dashboard.Apis;

/// <summary>A resource's console output: <c>after</c> continues from the last line seen, <c>q</c> filters.</summary>
internal static class ConsoleApi
{
    public static IEndpointRouteBuilder MapConsoleApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/console/{resource}", GetLines);
        return app;
    }

    private static Ok<ConsoleLogPage> GetLines(string resource, ConsoleLogStore store, long? after, string? q, int? limit) =>
        TypedResults.Ok(store.Read(resource, after ?? 0, string.IsNullOrWhiteSpace(q) ? null : q, Math.Clamp(limit ?? 2_000, 1, 10_000)));
}
