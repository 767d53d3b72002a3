using Microsoft.AspNetCore.Http.HttpResults;

namespace ServiceQueue.Api.Apis;

/// <summary>The problem details of queues and intake, worded once.</summary>
internal static class ServiceProblems
{
    public static ProblemHttpResult BrokerUnavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Broker unavailable",
            detail: "The live queue service did not answer; nothing was changed. Try again shortly.");

    /// <summary>Surely not in RabbitMQ: nothing will come of this request unless it is sent again.</summary>
    public static ProblemHttpResult IntakeUnavailable(string requestId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Intake unavailable",
            detail: "The request was not accepted: RabbitMQ could not take it, and it was not sent. Send it again after Retry-After, with Idempotency-Key: " + requestId + " so that a repeat is recognised.",
            extensions: Extensions(requestId, accepted: false));

    /// <summary>Sent but not confirmed: it may be in RabbitMQ, so the answer names the request and how to learn its fate.</summary>
    public static ProblemHttpResult IntakeUnconfirmed(string requestId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Intake not confirmed",
            detail: "The request was sent but RabbitMQ did not confirm it in time: it may have been accepted. Follow it at "
                + StatusPath(requestId) + ", or send it again after Retry-After with Idempotency-Key: " + requestId + "; a repeat never makes a second ticket.",
            extensions: Extensions(requestId, accepted: null));

    public static ProblemHttpResult QueueNotFound(string code) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Queue not found", detail: $"There is no queue {code}.");

    public static ProblemHttpResult QueueExists(string code) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Queue exists", detail: $"A queue {code} already exists; change it with PUT.");

    public static ProblemHttpResult IdempotencyKeyReused() =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
            detail: "This Idempotency-Key was already used with a different body; use a new key for a new request.");

    public static string StatusPath(string requestId) => "/api/v1/service-requests/" + requestId;

    // accepted: false when surely not, null when it may have been; the client's program reads these, not the prose.
    private static Dictionary<string, object?> Extensions(string requestId, bool? accepted) => new(StringComparer.Ordinal)
    {
        ["requestId"] = requestId,
        ["statusUrl"] = StatusPath(requestId),
        ["accepted"] = accepted,
    };
}
