using Microsoft.AspNetCore.Http.HttpResults;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary><c>/audit</c>: the audit log, for admins.</summary>
internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/audit", ListAsync)
            .WithSummary("Audit log")
            .WithDescription("Who did what and when: sign-ins, user and queue changes, supervisor moves and removals, key rotations; filtered and paged. Admin only.")
            .WithTags("Audit").RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    /// <summary>Audit entries, newest first, filtered by action, actor (user id) and when they occurred.</summary>
    public static async Task<Results<Ok<Page<AuditEntryResponse>>, ValidationProblem>> ListAsync(
        AuditQueries audit, CancellationToken cancellationToken,
        string? action = null, string? actor = null, string? from = null, string? to = null, string? page = null, string? pageSize = null)
    {
        var errors = new ValidationErrors();
        var actionName = QueryParameters.Text(action, "action", 64, errors);
        var actorId = QueryParameters.Text(actor, "actor", AuditLog.ActorWidth, errors);
        var range = QueryParameters.Range(from, to, errors);
        var paging = QueryParameters.Paging(page, pageSize, errors);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return TypedResults.Ok(await audit.PageAsync(actionName, actorId, range.From, range.To, paging.Page, paging.PageSize, cancellationToken));
    }
}
