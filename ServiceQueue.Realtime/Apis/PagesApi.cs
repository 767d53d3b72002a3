using Microsoft.AspNetCore.Http.HttpResults;

namespace ServiceQueue.Realtime.Apis;

/// <summary>The attendant console, the calling board, and the little configuration the pages need.</summary>
internal static class PagesApi
{
    public static IEndpointRouteBuilder MapPagesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console", (IWebHostEnvironment environment) => Page(environment, "console.html"));
        app.MapGet("/display", (IWebHostEnvironment environment) => Page(environment, "display.html"));
        app.MapGet("/config.json", GetConfig);
        return app;
    }

    /// <summary>
    /// Where the console signs in, as the browser must reach it: <c>Pages:ApiBaseAddress</c> when set
    /// (behind an Ingress that serves both, <c>/</c>: the page's own origin), else the Api's address as
    /// Aspire injects it, which a browser on the same machine reaches directly.
    /// </summary>
    public static Ok<PagesConfig> GetConfig(IConfiguration configuration) =>
        TypedResults.Ok(new PagesConfig((configuration["Pages:ApiBaseAddress"] ?? configuration["services:api:http:0"])?.TrimEnd('/')));

    private static Results<PhysicalFileHttpResult, NotFound> Page(IWebHostEnvironment environment, string name)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(name);
        return file is { Exists: true, PhysicalPath: { } path }
            ? TypedResults.PhysicalFile(path, "text/html; charset=utf-8")
            : TypedResults.NotFound();
    }
}
