using Microsoft.AspNetCore.Http.HttpResults;

namespace ServiceQueue.Api.Apis;

/// <summary>The problem details of queues and intake, worded once.</summary>
internal static class ServiceProblems
{
    public static ProblemHttpResult BrokerUnavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Broker unavailable",
            detail: "The live queue service did not answer; nothing was changed. Try again shortly.");

    public static ProblemHttpResult IntakeUnavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Intake unavailable",
            detail: "RabbitMQ did not confirm the request, so it was not accepted. Try again with the same Idempotency-Key.");

    public static ProblemHttpResult QueueNotFound(string code) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Queue not found", detail: $"There is no queue {code}.");

    public static ProblemHttpResult QueueExists(string code) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Queue exists", detail: $"A queue {code} already exists; change it with PUT.");

    public static ProblemHttpResult IdempotencyKeyReused() =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
            detail: "This Idempotency-Key was already used with a different body; use a new key for a new request.");
}
