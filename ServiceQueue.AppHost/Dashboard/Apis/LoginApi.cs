using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ServiceQueue.AppHost.Dashboard.Apis;

/// <summary><c>/login?t=TOKEN</c> opens a session; <c>/unauthorized</c> tells how to get one.</summary>
internal static class LoginApi
{
    public static IEndpointRouteBuilder MapLoginApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(DashboardAuthentication.LoginPath, Login);
        app.MapGet(DashboardAuthentication.UnauthorizedPath, Unauthorized);
        return app;
    }

    private static RedirectHttpResult Login(string? t, HttpContext context, DashboardToken token)
    {
        if (!token.Matches(t))
        {
            return TypedResults.Redirect(DashboardAuthentication.UnauthorizedPath);
        }

        context.Response.Cookies.Append(DashboardToken.CookieName, token.Value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        return TypedResults.Redirect("/");
    }

    private static ContentHttpResult Unauthorized() => TypedResults.Content(
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>ServiceQueue dashboard</title>
        <link rel="stylesheet" href="/assets/app.css"></head>
        <body class="notice"><main><h1>ServiceQueue dashboard</h1>
        <p>Open the dashboard with the login link the AppHost printed in its console when it started
        (<code>http://localhost:18888/login?t=...</code>). The link changes at every start.</p></main></body></html>
        """,
        "text/html; charset=utf-8",
        statusCode: StatusCodes.Status401Unauthorized);
}
