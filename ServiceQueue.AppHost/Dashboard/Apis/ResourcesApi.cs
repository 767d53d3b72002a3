using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceQueue.AppHost.Hosting.Orchestration;

namespace ServiceQueue.AppHost.Dashboard.Apis;

/// <summary>Every resource's state, and the stop, start and restart actions.</summary>
internal static class ResourcesApi
{
    public static IEndpointRouteBuilder MapResourcesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/resources");
        api.MapGet("/", GetResources);
        api.MapPost("/{name}/{action}", Act);
        return app;
    }

    private static Ok<IReadOnlyList<ResourceSnapshot>> GetResources(ResourceSupervisors supervisors) =>
        TypedResults.Ok(supervisors.Snapshots());

    private static Results<Accepted<ResourceSnapshot>, NotFound, BadRequest<string>> Act(string name, string action, ResourceSupervisors supervisors)
    {
        if (supervisors.Find(name) is not { } supervisor)
        {
            return TypedResults.NotFound();
        }

        Func<Task>? run = action switch
        {
            "stop" => () => supervisor.StopAsync(byUser: true),
            "start" => supervisor.StartAsync,
            "restart" => supervisor.RestartAsync,
            _ => null,
        };
        if (run is null)
        {
            return TypedResults.BadRequest("The action is one of stop, start, restart.");
        }

        // A server may take seconds to stop or start: the page follows the state as it changes.
        _ = Task.Run(run, CancellationToken.None);
        return TypedResults.Accepted("/api/resources", supervisor.Snapshot());
    }
}
