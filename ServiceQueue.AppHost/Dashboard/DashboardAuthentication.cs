using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ServiceQueue.AppHost.Dashboard;

/// <summary>
/// Everything on the dashboard's port needs the session cookie, which only the login link printed at start
/// gives: pages without it go to a page saying so, API calls get 401. The OTLP port serves only <c>/v1/*</c>.
/// </summary>
internal static class DashboardAuthentication
{
    public const string LoginPath = "/login";
    public const string UnauthorizedPath = "/unauthorized";

    public static IApplicationBuilder UseDashboardAuthentication(this IApplicationBuilder app, DashboardToken token, int dashboardPort, int otlpPort) =>
        app.Use(async (context, next) =>
        {
            var port = context.Connection.LocalPort;
            var path = context.Request.Path;
            if (port == otlpPort)
            {
                if (path.StartsWithSegments("/v1", StringComparison.Ordinal))
                {
                    await next(context);
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                }

                return;
            }

            if (port != dashboardPort)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (path.Equals(LoginPath, StringComparison.Ordinal)
                || path.Equals(UnauthorizedPath, StringComparison.Ordinal)
                || token.Matches(context.Request.Cookies[DashboardToken.CookieName]))
            {
                await next(context);
                return;
            }

            if (path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            context.Response.Redirect(UnauthorizedPath);
        });
}
