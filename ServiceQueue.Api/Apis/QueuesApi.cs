using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceQueue.Api.BrokerClient;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// <c>/queues</c>: definitions (MySQL, pushed to the Broker before they are committed) and the live view, of one
/// branch: mapped at <c>/api/v1/queues</c> for the default branch and at <c>/api/v1/branches/{branch}/queues</c>.
/// </summary>
internal static class QueuesApi
{
    public static IEndpointRouteBuilder MapQueuesApi(this IEndpointRouteBuilder routes)
    {
        var queues = routes.MapGroup("/queues").WithTags("Queues")
            .AddEndpointFilter<BranchScopeFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        queues.MapGet("/", ListAsync)
            .WithSummary("List queues")
            .WithDescription("Every queue definition of the branch (the default branch without /branches/{branch}). Anyone signed in who belongs to the branch.")
            .RequireAuthorization();
        queues.MapPost("/", CreateAsync)
            .WithSummary("Define a queue")
            .WithDescription("Creates a queue of the branch (code, name, number prefix, calling policy, SLA, recall rules, time zone: the branch's unless given) and pushes it to the live Broker. Queue codes are unique within a branch. Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        queues.MapPut("/{code}", UpdateAsync)
            .WithSummary("Change a queue")
            .WithDescription("Replaces a queue's definition in the branch (open or closed, limits, policy) and pushes it to the live Broker. Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        queues.MapGet("/{code}", GetLiveAsync)
            .WithSummary("A queue, live, one page at a time")
            .WithDescription(
                "The definition and one page of the live snapshot: the waiting tickets at positions offset + 1 to offset + limit in calling order "
                + "(offset: places to skip, default 0; limit: 1 to 500, default 50), tickets being called or served and parked ones (at most limit each), "
                + "the totals of each list (waitingTotal, activeTotal, parkedTotal) and the cursor the page reflects. "
                + "The next page starts at offset + the number of waiting tickets returned, while that is below waitingTotal. "
                + "Staff of the branch; customers' names only for those who serve the queue, the branch's Supervisors and Admins.")
            .RequireAuthorization(ServiceQueuePolicies.Staff)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static async Task<Ok<QueueResponse[]>> ListAsync(BranchScope branch, QueueDefinitionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(branch.Code, cancellationToken)).Select(row => row.ToResponse()).ToArray());

    public static async Task<Results<Created<QueueResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        BranchScope branch, QueueDefinitionRequest request, ClaimsPrincipal caller, QueueDefinitionStore store, BranchStore branches, BrokerQueues broker,
        PauseReasonStore pauseReasons, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var code = QueueValidation.NormalizeCode(request.Code);
        if (QueueValidation.Check(branch.Code, branch.Row!.TimeZone, code, request, errors) is not { } settings)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        try
        {
            // Attendants can sign in to a branch only once it has a queue: its pause reasons are in the Broker by then, not
            // only after the next reconcile (a new branch's list would otherwise be open to any code for a while).
            await pauseReasons.PublishAsync(branch.Code, broker.SetPauseReasonsAsync, cancellationToken);
            var (result, row) = await store.WriteAsync(settings, create: true, caller.UserId(), broker.UpsertAsync, cancellationToken);
            return result == QueueWriteResult.Done
                ? TypedResults.Created(QueuePath(branch.Code, branches.DefaultCode, settings.Code), row!.ToResponse())
                : ServiceProblems.QueueExists(settings.Code);
        }
        catch (BrokerUnavailableException)
        {
            return ServiceProblems.BrokerUnavailable();
        }
    }

    public static async Task<Results<Ok<QueueResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        BranchScope branch, string code, QueueDefinitionRequest request, ClaimsPrincipal caller, QueueDefinitionStore store, BrokerQueues broker, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var routeCode = QueueValidation.NormalizeCode(code);
        if (request.Code is not null && QueueValidation.NormalizeCode(request.Code) != routeCode)
        {
            errors.Add("code", "The code cannot change; leave it out or repeat the route's.");
        }

        if (QueueValidation.Check(branch.Code, branch.Row!.TimeZone, routeCode, request, errors) is not { } settings)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        try
        {
            var (result, row) = await store.WriteAsync(settings, create: false, caller.UserId(), broker.UpsertAsync, cancellationToken);
            return result == QueueWriteResult.Done
                ? TypedResults.Ok(row!.ToResponse())
                : ServiceProblems.QueueNotFound(settings.Code);
        }
        catch (BrokerUnavailableException)
        {
            return ServiceProblems.BrokerUnavailable();
        }
    }

    /// <summary>One page of the live queue; <c>offset</c> and <c>limit</c> are checked before anything is asked of the Broker.</summary>
    public static async Task<Results<Ok<QueueLiveResponse>, ValidationProblem, ProblemHttpResult>> GetLiveAsync(
        BranchScope branch, string code, QueueDefinitionStore store, BrokerQueues broker, FieldEncryptor encryptor, CancellationToken cancellationToken,
        string? offset = null, string? limit = null)
    {
        var errors = new ValidationErrors();
        var window = QueryParameters.Window(offset, limit, errors);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var normalized = QueueValidation.NormalizeCode(code);
        if (!QueueValidation.IsCode(normalized) || await store.FindAsync(branch.Code, normalized!, cancellationToken) is not { } row)
        {
            return ServiceProblems.QueueNotFound(code);
        }

        try
        {
            var snapshot = await broker.GetQueueAsync(row.BranchCode, row.Code, window.Offset, window.Limit, cancellationToken);
            var live = snapshot is null
                ? LiveQueueView.Unknown(window.Offset, window.Limit)
                : LiveQueueView.From(snapshot, window.Limit, branch.Serves(row.Code) ? encryptor : null);
            return TypedResults.Ok(new QueueLiveResponse(row.ToResponse(), live));
        }
        catch (BrokerUnavailableException)
        {
            return ServiceProblems.BrokerUnavailable();
        }
    }

    /// <summary>Where a queue is read: the route from before branches for the default branch's, the branch's own otherwise.</summary>
    private static string QueuePath(string branch, string defaultBranch, string code) =>
        branch == defaultBranch ? $"/api/v1/queues/{code}" : $"/api/v1/branches/{branch}/queues/{code}";
}
