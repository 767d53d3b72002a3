using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// <c>/branches</c>: the offices of the chain. Admins see and change every branch; everyone else sees the branches
/// they hold a role in, and any other branch is not found for them.
/// </summary>
internal static class BranchesApi
{
    public static IEndpointRouteBuilder MapBranchesApi(this IEndpointRouteBuilder routes)
    {
        var branches = routes.MapGroup("/branches").WithTags("Branches")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        branches.MapGet("/", ListAsync)
            .WithSummary("List branches")
            .WithDescription("The branches the caller belongs to: every branch for an Admin, those they hold a role in (directly or through a region) for everyone else. Any signed-in user.")
            .RequireAuthorization();
        branches.MapGet("/{code}", GetAsync)
            .WithSummary("Get a branch")
            .WithDescription("One branch by code: its name, time zone and whether it is open. Any signed-in user who belongs to it; 404 otherwise.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
        branches.MapPost("/", CreateAsync)
            .WithSummary("Create a branch")
            .WithDescription("Creates a branch (code, name, IANA time zone, open, optional region). Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        branches.MapPut("/{code}", UpdateAsync)
            .WithSummary("Change a branch")
            .WithDescription("Replaces a branch's name, time zone, open state and region; the code never changes. Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Ok<BranchResponse[]>> ListAsync(ClaimsPrincipal caller, BranchStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken))
            .Where(row => BelongsTo(caller, store, row.Code))
            .Select(row => row.ToResponse())
            .ToArray());

    public static async Task<Results<Ok<BranchResponse>, ProblemHttpResult>> GetAsync(
        string code, ClaimsPrincipal caller, BranchStore store, CancellationToken cancellationToken)
    {
        var normalized = QueueValidation.NormalizeCode(code);
        return QueueValidation.IsCode(normalized) && BelongsTo(caller, store, normalized!)
            && await store.FindAsync(normalized!, cancellationToken) is { } row
            ? TypedResults.Ok(row.ToResponse())
            : BranchNotFound(code);
    }

    public static async Task<Results<Created<BranchResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        BranchRequest request, ClaimsPrincipal caller, BranchStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (BranchValidation.Check(QueueValidation.NormalizeCode(request.Code), request, errors) is not { } settings)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (result, row) = await store.WriteAsync(settings, create: true, caller.UserId(), cancellationToken);
        return result == BranchWriteResult.Done
            ? TypedResults.Created($"/api/v1/branches/{settings.Code}", row!.ToResponse())
            : ProblemResults.Conflict("Branch exists", $"A branch {settings.Code} already exists; change it with PUT.");
    }

    public static async Task<Results<Ok<BranchResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string code, BranchRequest request, ClaimsPrincipal caller, BranchStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var routeCode = QueueValidation.NormalizeCode(code);
        if (request.Code is not null && QueueValidation.NormalizeCode(request.Code) != routeCode)
        {
            errors.Add("code", "The code cannot change; leave it out or repeat the route's.");
        }

        if (BranchValidation.Check(routeCode, request, errors) is not { } settings)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (result, row) = await store.WriteAsync(settings, create: false, caller.UserId(), cancellationToken);
        return result == BranchWriteResult.Done ? TypedResults.Ok(row!.ToResponse()) : BranchNotFound(settings.Code);
    }

    // Admin is global; everyone else belongs to the branches their token holds a role in.
    private static bool BelongsTo(ClaimsPrincipal caller, BranchStore store, string code) =>
        new BranchAccess(caller, store.DefaultCode).BelongsTo(code);

    private static ProblemHttpResult BranchNotFound(string code) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Branch not found", detail: $"There is no branch {code}.");
}
