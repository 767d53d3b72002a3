namespace ServiceQueue.Api.Model;

/// <summary>
/// The body of <c>POST /service-requests</c>: the AMQP message of contracts.md section 2 without its
/// request id (the <c>Idempotency-Key</c> header, or one the Api makes). <see cref="RequestedAt"/> defaults to now;
/// <see cref="Branch"/> (a branch code, upper-cased like the queue) to the default branch.
/// </summary>
public sealed record ServiceRequestBody(
    string? Queue,
    string? Channel,
    CustomerBody? Customer,
    string? Priority,
    string? PriorityReason,
    DateTimeOffset? RequestedAt,
    string? Notes,
    string? Branch = null);
