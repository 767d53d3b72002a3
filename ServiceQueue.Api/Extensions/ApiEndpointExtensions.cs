using ServiceQueue.Api.Apis;

namespace ServiceQueue.Api.Extensions;

internal static class ApiEndpointExtensions
{
    /// <summary>Problem details for every error, CORS, authentication, authorization and rate limiting, in that order.</summary>
    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Unreadable bodies and bad parameters are the client's error (400), not a crash, in every environment.
            StatusCodeSelector = static exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary><c>/openapi/v1.json</c> and Swagger UI at <c>/swagger</c> over that same document.</summary>
    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        app.MapOpenApi();
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/openapi/v1.json", "ServiceQueue Api v1");
            ui.RoutePrefix = "swagger";
        });
        return app;
    }

    public static WebApplication MapApiV1(this WebApplication app)
    {
        var v1 = app.MapGroup("/api/v1");
        v1.MapAuthApi();
        v1.MapUsersApi();
        v1.MapBranchesApi();
        v1.MapServiceRequestsApi();
        v1.MapAuditApi();
        v1.MapKiosksApi();
        v1.MapKioskApi();
        // The routes from before branches act in the default branch; the same routes under /branches/{branch} in any.
        v1.MapQueuesApi();
        v1.MapHistoryApi();
        v1.MapPauseReasonsApi();
        v1.MapPresenceStatsApi();
        v1.MapAlertsApi();
        var branch = v1.MapGroup($"/branches/{{{BranchScope.RouteParameter}}}");
        branch.MapQueuesApi();
        branch.MapHistoryApi();
        branch.MapPauseReasonsApi();
        branch.MapAlertsApi();
        v1.MapBranchComparison();
        return app;
    }
}
