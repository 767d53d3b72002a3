using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary><c>/stats/presence</c>: how a branch's attendants spent a range, from the presence history (issue 18).</summary>
internal static class PresenceStatsApi
{
    public static IEndpointRouteBuilder MapPresenceStatsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/stats/presence", StatsAsync)
            .WithTags("History")
            .WithSummary("Attendant presence statistics")
            .WithDescription(
                "For a branch (`branch`, the default branch unless given) and a range [from, to) (the last day unless given, a year at most): "
                + "each attendant's seconds signed in, available and paused, and paused by reason; intervals are clipped to the range and one still "
                + "open counts up to now. The branch's Supervisors and Admins.")
            .RequireAuthorization(ServiceQueuePolicies.Supervisor)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Results<Ok<PresenceStatsResponse>, ValidationProblem, ProblemHttpResult>> StatsAsync(
        ClaimsPrincipal caller, BranchStore branches, PresenceQueries presence, TimeProvider timeProvider, CancellationToken cancellationToken,
        string? branch = null, string? from = null, string? to = null)
    {
        var errors = new ValidationErrors();
        var (start, end) = HistoryApi.StatsRange(from, to, timeProvider, errors);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var code = string.IsNullOrWhiteSpace(branch) ? branches.DefaultCode : QueueValidation.NormalizeCode(branch)!;
        var access = new BranchAccess(caller, branches.DefaultCode);
        // As on the branch routes: a branch that does not exist and one the caller is not in answer the same.
        if (!QueueValidation.IsCode(code) || !access.BelongsTo(code) || await branches.FindAsync(code, cancellationToken) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Branch not found", detail: $"There is no branch {code} you belong to.");
        }

        if (!access.SupervisesIn(code))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"This needs the {ServiceQueueRoles.Supervisor} role in branch {code}.");
        }

        var figures = await presence.FiguresAsync(code, start, end, timeProvider.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new PresenceStatsResponse(code, start, end, figures));
    }
}
