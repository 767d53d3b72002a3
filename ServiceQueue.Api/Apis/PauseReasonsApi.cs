using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceQueue.Api.BrokerClient;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Presence;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// <c>/pause-reasons</c>: what a branch's attendants may pause for (issue 18), kept in MySQL and pushed to the Broker
/// before each change commits; mapped for the default branch at <c>/api/v1/pause-reasons</c> and for any at
/// <c>/api/v1/branches/{branch}/pause-reasons</c>.
/// </summary>
internal static class PauseReasonsApi
{
    public const int NameLength = 100;

    public static IEndpointRouteBuilder MapPauseReasonsApi(this IEndpointRouteBuilder routes)
    {
        var reasons = routes.MapGroup("/pause-reasons").WithTags("Pause reasons")
            .AddEndpointFilter<BranchScopeFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        reasons.MapGet("/", ListAsync)
            .WithSummary("List pause reasons")
            .WithDescription("The branch's pause reasons by code, active or not (the console offers the active ones). Staff of the branch.")
            .RequireAuthorization(ServiceQueuePolicies.Staff);
        reasons.MapPost("/", CreateAsync)
            .WithSummary("Define a pause reason")
            .WithDescription("Creates a pause reason of the branch (code of a-z, 0-9 and '_', 1 to 32; name; active, true unless given) and pushes the branch's active list to the Broker, which then refuses any other reason. Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin).RequireBranchRole(ServiceQueueRoles.Admin)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        reasons.MapPut("/{code}", UpdateAsync)
            .WithSummary("Change a pause reason")
            .WithDescription("Replaces a pause reason's name and active flag (an inactive reason is no longer accepted for new pauses) and pushes the branch's active list to the Broker. Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin).RequireBranchRole(ServiceQueueRoles.Admin)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        reasons.MapDelete("/{code}", DeleteAsync)
            .WithSummary("Delete a pause reason")
            .WithDescription("Deletes a pause reason and pushes the branch's active list to the Broker; history that named it keeps the code. Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin).RequireBranchRole(ServiceQueueRoles.Admin)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static async Task<Ok<PauseReasonResponse[]>> ListAsync(BranchScope branch, PauseReasonStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(branch.Code, cancellationToken)).Select(ToResponse).ToArray());

    public static async Task<Results<Created<PauseReasonResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        BranchScope branch, PauseReasonRequest request, ClaimsPrincipal caller, PauseReasonStore store, BranchStore branches, BrokerQueues broker,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var code = Check(request.Code, request, errors);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        try
        {
            var (result, row) = await store.WriteAsync(
                branch.Code, code!, request.Name!.Trim(), request.Active ?? true, create: true, caller.UserId(), broker.SetPauseReasonsAsync, cancellationToken);
            return result == PauseReasonWriteResult.Done
                ? TypedResults.Created(ReasonPath(branch.Code, branches.DefaultCode, code!), ToResponse(row!))
                : ProblemResults.Conflict("Pause reason exists", $"A pause reason {code} already exists in branch {branch.Code}; change it with PUT.");
        }
        catch (BrokerUnavailableException)
        {
            return ServiceProblems.BrokerUnavailable();
        }
    }

    public static async Task<Results<Ok<PauseReasonResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        BranchScope branch, string code, PauseReasonRequest request, ClaimsPrincipal caller, PauseReasonStore store, BrokerQueues broker, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (request.Code is not null && request.Code != code)
        {
            errors.Add("code", "The code cannot change; leave it out or repeat the route's.");
        }

        Check(code, request, errors);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        try
        {
            var (result, row) = await store.WriteAsync(
                branch.Code, code, request.Name!.Trim(), request.Active ?? true, create: false, caller.UserId(), broker.SetPauseReasonsAsync, cancellationToken);
            return result == PauseReasonWriteResult.Done ? TypedResults.Ok(ToResponse(row!)) : NotFound(branch, code);
        }
        catch (BrokerUnavailableException)
        {
            return ServiceProblems.BrokerUnavailable();
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        BranchScope branch, string code, ClaimsPrincipal caller, PauseReasonStore store, BrokerQueues broker, CancellationToken cancellationToken)
    {
        if (!PauseReasonCodes.IsCode(code))
        {
            return NotFound(branch, code);
        }

        try
        {
            return await store.DeleteAsync(branch.Code, code, caller.UserId(), broker.SetPauseReasonsAsync, cancellationToken)
                ? TypedResults.NoContent()
                : NotFound(branch, code);
        }
        catch (BrokerUnavailableException)
        {
            return ServiceProblems.BrokerUnavailable();
        }
    }

    private static string? Check(string? code, PauseReasonRequest request, ValidationErrors errors)
    {
        if (!PauseReasonCodes.IsCode(code))
        {
            errors.Add("code", $"1 to {PauseReasonCodes.MaxLength} of a-z, 0-9 and '_'.");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > NameLength || request.Name.Any(char.IsControl))
        {
            errors.Add("name", $"1 to {NameLength} characters, no control characters.");
        }

        return code;
    }

    private static ProblemHttpResult NotFound(BranchScope branch, string code) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Pause reason not found", detail: $"There is no pause reason {code} in branch {branch.Code}.");

    private static string ReasonPath(string branch, string defaultBranch, string code) =>
        branch == defaultBranch ? $"/api/v1/pause-reasons/{code}" : $"/api/v1/branches/{branch}/pause-reasons/{code}";

    private static PauseReasonResponse ToResponse(PauseReasonRow row) =>
        new(row.Code, row.BranchCode, row.Name, row.Active, Utc.From(row.CreatedAt), Utc.From(row.UpdatedAt));
}
