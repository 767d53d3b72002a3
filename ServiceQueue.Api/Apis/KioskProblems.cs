using Microsoft.AspNetCore.Http.HttpResults;

namespace ServiceQueue.Api.Apis;

/// <summary>The problem details of the kiosk routes, worded once.</summary>
internal static class KioskProblems
{
    public static ProblemHttpResult KioskNotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Kiosk not found", detail: $"There is no kiosk {id}.");

    /// <summary>422 with the field errors: the contract's status for a body that breaks a rule.</summary>
    public static ProblemHttpResult Invalid(ValidationErrors errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "One or more validation errors occurred.",
        });

    public static ProblemHttpResult QueueNotAllowed(string queue) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Queue not allowed",
            detail: $"This kiosk may not issue tickets for queue {queue}.");

    public static ProblemHttpResult IdempotencyKeyReused() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused",
            detail: "This kiosk already used this Idempotency-Key for another ticket request; use a new key for a new tap.");

    /// <summary>Intake refused the request (queue closed or full, ...): <c>reason</c> is the machine-readable cause.</summary>
    public static ProblemHttpResult Rejected(string reason, string? detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Ticket not issued",
            detail: detail ?? "Intake refused the request.",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["reason"] = reason });
}
