using Microsoft.AspNetCore.Http.HttpResults;
using ServiceQueue.ServiceDefaults.Tickets;

namespace ServiceQueue.Realtime.Apis;

/// <summary>The attendant console, the supervisor and statistics pages, the calling board, the kiosk, the ticket page, and the little configuration the pages need.</summary>
internal static class PagesApi
{
    // Said the same way for a malformed token as the page says it for an unknown or ended one.
    private const string TicketNotFoundPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>Ticket not found</title></head>
        <body><main><h1>Ticket not found</h1><p>This ticket link is not valid, or the ticket has ended.</p></main></body></html>
        """;

    public static IEndpointRouteBuilder MapPagesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console", (IWebHostEnvironment environment) => Page(environment, "console.html"));
        app.MapGet("/display", (IWebHostEnvironment environment) => Page(environment, "display.html"));
        app.MapGet("/kiosk", (IWebHostEnvironment environment) => Page(environment, "kiosk.html"));
        app.MapGet("/stats", (IWebHostEnvironment environment) => Page(environment, "stats.html"));
        app.MapGet("/supervisor", (IWebHostEnvironment environment) => Page(environment, "supervisor.html"));
        app.MapGet("/t/{token}", GetTicketPage);
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

    /// <summary>
    /// The ticket page. Its address is the holder's secret: it is never sent on as a referrer, never cached and
    /// never indexed. Only the token's shape is checked here; whether it holds a ticket is the hub's answer.
    /// </summary>
    public static Results<PhysicalFileHttpResult, ContentHttpResult> GetTicketPage(string token, IWebHostEnvironment environment, HttpContext http)
    {
        var headers = http.Response.Headers;
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers["X-Robots-Tag"] = "noindex";
        var file = environment.WebRootFileProvider.GetFileInfo("ticket.html");
        return TicketHolderToken.IsWellFormed(token) && file is { Exists: true, PhysicalPath: { } path }
            ? TypedResults.PhysicalFile(path, "text/html; charset=utf-8")
            : TypedResults.Content(TicketNotFoundPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
    }

    private static Results<PhysicalFileHttpResult, NotFound> Page(IWebHostEnvironment environment, string name)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(name);
        return file is { Exists: true, PhysicalPath: { } path }
            ? TypedResults.PhysicalFile(path, "text/html; charset=utf-8")
            : TypedResults.NotFound();
    }
}
