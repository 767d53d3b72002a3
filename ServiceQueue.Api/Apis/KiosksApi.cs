using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceQueue.Api.Identity;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary><c>/kiosks</c>: Admins enrol kiosk devices, change them and revoke them; every change is audited, no token is ever kept.</summary>
internal static class KiosksApi
{
    public static IEndpointRouteBuilder MapKiosksApi(this IEndpointRouteBuilder routes)
    {
        var kiosks = routes.MapGroup("/kiosks").WithTags("Kiosks")
            .RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        kiosks.MapPost("/", EnrolAsync)
            .WithSummary("Enrol a kiosk")
            .WithDescription("Creates a kiosk device of a branch (the default branch unless `branch` is given) that may issue tickets for the listed queues of that branch, in a language (`en` unless given). The answer holds the device token (`sqk_...`) once and only once: only its SHA-256 is stored. Admin only.")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        kiosks.MapGet("/", ListAsync)
            .WithSummary("List kiosks")
            .WithDescription("Every kiosk device, revoked ones included (with `revokedAt`), without tokens. Admin only.");
        kiosks.MapGet("/{id:guid}", GetAsync)
            .WithSummary("Get a kiosk")
            .WithDescription("One kiosk device, without its token. Admin only.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        kiosks.MapPut("/{id:guid}", UpdateAsync)
            .WithSummary("Change a kiosk")
            .WithDescription("Replaces a kiosk's name, queues (of its branch, which cannot change) and language; its token stays valid and the change applies to its next request. Admin only.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        kiosks.MapDelete("/{id:guid}", RevokeAsync)
            .WithSummary("Revoke a kiosk")
            .WithDescription("Revokes a kiosk's device token at once: from then on it answers 401 everywhere. The kiosk stays listed with `revokedAt`; enrol a new one to replace it. Admin only.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Results<Created<KioskResponse>, ProblemHttpResult>> EnrolAsync(
        KioskRequest request, ClaimsPrincipal caller, KioskDeviceStore kiosks, BranchStore branches, QueueDefinitionStore queues, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var branch = QueueValidation.NormalizeCode(request.Branch) ?? branches.DefaultCode;
        if (!QueueValidation.IsCode(branch) || await branches.FindAsync(branch, cancellationToken) is null)
        {
            errors.Add("branch", "The branch, when given, is the code of an existing branch; without it the kiosk is the default branch's.");
            KioskValidation.Check(request, branch, errors);
            return KioskProblems.Invalid(errors);
        }

        if (await CheckAsync(request, branch, queues, errors, cancellationToken) is not { } settings)
        {
            return KioskProblems.Invalid(errors);
        }

        var token = KioskDeviceToken.Create();
        var kiosk = await kiosks.CreateAsync(settings, KioskDeviceToken.Hash(token), caller.UserId(), cancellationToken);
        return TypedResults.Created($"/api/v1/kiosks/{kiosk.Id}", KioskResponse.From(kiosk, token));
    }

    public static async Task<Ok<KioskResponse[]>> ListAsync(KioskDeviceStore kiosks, CancellationToken cancellationToken) =>
        TypedResults.Ok((await kiosks.ListAsync(cancellationToken)).Select(kiosk => KioskResponse.From(kiosk)).ToArray());

    public static async Task<Results<Ok<KioskResponse>, ProblemHttpResult>> GetAsync(Guid id, KioskDeviceStore kiosks, CancellationToken cancellationToken) =>
        await kiosks.FindAsync(id.ToString(), cancellationToken) is { } kiosk
            ? TypedResults.Ok(KioskResponse.From(kiosk))
            : KioskProblems.KioskNotFound(id.ToString());

    public static async Task<Results<Ok<KioskResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, KioskRequest request, ClaimsPrincipal caller, KioskDeviceStore kiosks, KioskDeviceCache cache, QueueDefinitionStore queues, CancellationToken cancellationToken)
    {
        if (await kiosks.FindAsync(id.ToString(), cancellationToken) is not { } current)
        {
            return KioskProblems.KioskNotFound(id.ToString());
        }

        var errors = new ValidationErrors();
        if (request.Branch is not null && QueueValidation.NormalizeCode(request.Branch) != current.Branch)
        {
            errors.Add("branch", "A kiosk's branch cannot change; leave it out or repeat the kiosk's. Enrol a new kiosk for another branch.");
        }

        if (await CheckAsync(request, current.Branch, queues, errors, cancellationToken) is not { } settings)
        {
            return KioskProblems.Invalid(errors);
        }

        var kiosk = await kiosks.UpdateAsync(current.Id, settings, caller.UserId(), cancellationToken);
        cache.Forget(current.Id);
        return kiosk is null ? KioskProblems.KioskNotFound(id.ToString()) : TypedResults.Ok(KioskResponse.From(kiosk));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal caller, KioskDeviceStore kiosks, KioskDeviceCache cache, CancellationToken cancellationToken)
    {
        var found = await kiosks.RevokeAsync(id.ToString(), caller.UserId(), cancellationToken);
        cache.Forget(id.ToString());
        return found ? TypedResults.NoContent() : KioskProblems.KioskNotFound(id.ToString());
    }

    private static async Task<KioskSettings?> CheckAsync(
        KioskRequest request, string branch, QueueDefinitionStore queues, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (KioskValidation.Check(request, branch, errors) is not { } settings || !errors.IsValid)
        {
            return null;
        }

        var existing = (await queues.ListAsync(branch, cancellationToken)).Select(q => q.Code).ToHashSet(StringComparer.Ordinal);
        KioskValidation.CheckQueuesExist(settings, existing, errors);
        return errors.IsValid ? settings : null;
    }
}
