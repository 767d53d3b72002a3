using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceQueue.Api.BrokerClient;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// <c>/queues</c>: definitions (MySQL, pushed to the Broker before they are committed) and the live view.
/// </summary>
internal static class QueuesApi
{
    public static IEndpointRouteBuilder MapQueuesApi(this IEndpointRouteBuilder routes)
    {
        var queues = routes.MapGroup("/queues").WithTags("Queues")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        queues.MapGet("/", ListAsync)
            .WithSummary("List queues")
            .WithDescription("Every queue definition. Any signed-in user.")
            .RequireAuthorization();
        queues.MapPost("/", CreateAsync)
            .WithSummary("Define a queue")
            .WithDescription("Creates a queue (code, name, number prefix, calling policy, SLA, recall rules, time zone) and pushes it to the live Broker. Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        queues.MapPut("/{code}", UpdateAsync)
            .WithSummary("Change a queue")
            .WithDescription("Replaces a queue's definition (open or closed, limits, policy) and pushes it to the live Broker. Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        queues.MapGet("/{code}", GetLiveAsync)
            .WithSummary("A queue, live, one page at a time")
            .WithDescription(
                "The definition and one page of the live snapshot: the waiting tickets at positions offset + 1 to offset + limit in calling order "
                + "(offset: places to skip, default 0; limit: 1 to 500, default 50), tickets being called or served and parked ones (at most limit each), "
                + "the totals of each list (waitingTotal, activeTotal, parkedTotal) and the cursor the page reflects. "
                + "The next page starts at offset + the number of waiting tickets returned, while that is below waitingTotal. "
                + "Staff who serve the queue, Supervisors and Admins.")
            .RequireAuthorization(ServiceQueuePolicies.Staff)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static async Task<Ok<QueueResponse[]>> ListAsync(QueueDefinitionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(row => row.ToResponse()).ToArray());

    public static async Task<Results<Created<QueueResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        QueueDefinitionRequest request, ClaimsPrincipal caller, QueueDefinitionStore store, BrokerQueues broker, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var code = QueueValidation.NormalizeCode(request.Code);
        if (QueueValidation.Check(code, request, errors) is not { } settings)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        try
        {
            var (result, row) = await store.WriteAsync(settings, create: true, caller.UserId(), broker.UpsertAsync, cancellationToken);
            return result == QueueWriteResult.Done
                ? TypedResults.Created($"/api/v1/queues/{settings.Code}", row!.ToResponse())
                : ServiceProblems.QueueExists(settings.Code);
        }
        catch (BrokerUnavailableException)
        {
            return ServiceProblems.BrokerUnavailable();
        }
    }

    public static async Task<Results<Ok<QueueResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string code, QueueDefinitionRequest request, ClaimsPrincipal caller, QueueDefinitionStore store, BrokerQueues broker, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var routeCode = QueueValidation.NormalizeCode(code);
        if (request.Code is not null && QueueValidation.NormalizeCode(request.Code) != routeCode)
        {
            errors.Add("code", "The code cannot change; leave it out or repeat the route's.");
        }

        if (QueueValidation.Check(routeCode, request, errors) is not { } settings)
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
        string code, ClaimsPrincipal caller, QueueDefinitionStore store, BrokerQueues broker, FieldEncryptor encryptor, CancellationToken cancellationToken,
        string? offset = null, string? limit = null)
    {
        var errors = new ValidationErrors();
        var window = QueryParameters.Window(offset, limit, errors);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var normalized = QueueValidation.NormalizeCode(code);
        if (!QueueValidation.IsCode(normalized) || await store.FindAsync(normalized!, cancellationToken) is not { } row)
        {
            return ServiceProblems.QueueNotFound(code);
        }

        try
        {
            var snapshot = await broker.GetQueueAsync(row.Code, window.Offset, window.Limit, cancellationToken);
            var live = snapshot is null
                ? LiveQueueView.Unknown(window.Offset, window.Limit)
                : LiveQueueView.From(snapshot, window.Limit, LiveQueueView.MaySeeNames(caller, row.Code) ? encryptor : null);
            return TypedResults.Ok(new QueueLiveResponse(row.ToResponse(), live));
        }
        catch (BrokerUnavailableException)
        {
            return ServiceProblems.BrokerUnavailable();
        }
    }
}
