using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ServiceQueue.AppHost.Dashboard.Apis;

/// <summary>The dashboard's single page and its script and style, embedded in the assembly (no CDN, no build step).</summary>
internal static class AssetsApi
{
    private const string Prefix = "dashboard/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static IEndpointRouteBuilder MapAssetsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => Serve("index.html", context));
        app.MapGet("/assets/{name}", (string name, HttpContext context) => Serve(name, context));
        return app;
    }

    private static Results<FileStreamHttpResult, NotFound> Serve(string name, HttpContext context)
    {
        var assembly = typeof(AssetsApi).Assembly;
        if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType)
            || assembly.GetManifestResourceStream(Prefix + name) is not { } stream)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return TypedResults.Stream(stream, contentType);
    }
}
