using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.BrokerClient;
using ServiceQueue.Api.Extensions;
using ServiceQueue.Api.Messaging;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Options;
using ServiceQueue.Api.RateLimiting;
using ServiceQueue.Api.Storage;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Api.Apis;

/// <summary><c>/service-requests</c>: anonymous intake (publish with confirms) and the status of a request by its id, each limited per client address.</summary>
internal static partial class ServiceRequestsApi
{
    public static IEndpointRouteBuilder MapServiceRequestsApi(this IEndpointRouteBuilder routes)
    {
        var requests = routes.MapGroup("/service-requests").WithTags("Service requests").AllowAnonymous();
        requests.MapPost("/", SubmitAsync)
            .WithSummary("Ask for a service")
            .WithDescription("Accepts a service request for a queue and publishes it for intake (with a publisher confirm); answers 202 with the request id and where to follow it. An Idempotency-Key header makes retries safe. Anonymous, and limited per client address: a burst passes at once, then a steady rate; beyond it 429 with Retry-After, and nothing is published.")
            .RequireRateLimiting(ApiRateLimiting.SubmitPerAddressPolicy)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        requests.MapGet("/{requestId}", GetStatusAsync)
            .WithSummary("Follow a service request")
            .WithDescription("Where a request stands: pending, waiting (with number, position and wait estimate), called, serving, completed, no_show, removed, or rejected with the reason. Anyone holding the request id; limited per client address apart from submissions (429 with Retry-After beyond it).")
            .RequireRateLimiting(ApiRateLimiting.StatusPerAddressPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static async Task<Results<Accepted<ServiceRequestAccepted>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        ServiceRequestBody body,
        [FromHeader(Name = ServiceRequestValidation.IdempotencyKeyHeader)] string? idempotencyKey,
        IntakePublisher publisher,
        IntakeKeyStore keys,
        IOptions<ClockSkewOptions> clockSkew,
        IOptions<IntakeOptions> intake,
        IOptions<BranchOptions> branches,
        TimeProvider clock,
        HttpContext http,
        ILogger<IntakePublisher> logger,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (idempotencyKey is not null && !ServiceRequestRules.IsRequestId(idempotencyKey))
        {
            errors.Add(ServiceRequestValidation.IdempotencyKeyHeader, "The Idempotency-Key header is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'; it becomes the request id.");
        }

        var requestId = idempotencyKey ?? Guid.NewGuid().ToString("N");
        if (ServiceRequestValidation.Check(requestId, body, clock.GetUtcNow(), clockSkew.Value.MaxClockSkew, branches.Value.Default, errors) is not { Queue: { } queue } message)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (idempotencyKey is not null)
        {
            try
            {
                // The body as the client sent it, before defaults: a repeat carries the same bytes' meaning, its branch included.
                var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, IntakeHttpJsonContext.Default.ServiceRequestBody));
                switch (await keys.ClaimAsync(requestId, hash, queue, cancellationToken))
                {
                    case IntakeKeyClaim.Conflict:
                        return ServiceProblems.IdempotencyKeyReused();
                    case IntakeKeyClaim.AlreadyAccepted:
                        return Accepted(requestId);
                }
            }
            catch (Exception exception) when (MySqlErrors.IsUnavailable(exception))
            {
                // Nothing was sent yet.
                return Unavailable(http, intake.Value, ServiceProblems.IntakeUnavailable(requestId));
            }
        }

        switch (await publisher.PublishAsync(message, cancellationToken))
        {
            case IntakePublishOutcome.NotPublished:
                return Unavailable(http, intake.Value, ServiceProblems.IntakeUnavailable(requestId));
            case IntakePublishOutcome.MayBePublished:
                return Unavailable(http, intake.Value, ServiceProblems.IntakeUnconfirmed(requestId));
        }

        if (idempotencyKey is not null)
        {
            try
            {
                await keys.MarkConfirmedAsync(requestId, cancellationToken);
            }
            catch (Exception exception) when (MySqlErrors.IsUnavailable(exception))
            {
                // RabbitMQ holds it, so the answer is 202 all the same; an unmarked key only means a repeat is published again, which the Consumer and Broker absorb.
                LogConfirmationNotRecorded(logger, queue, exception.GetType().Name);
            }
        }

        return Accepted(requestId);
    }

    public static async Task<Results<Ok<ServiceRequestStatus>, ProblemHttpResult>> GetStatusAsync(
        string requestId, RejectedRequestStore rejections, BrokerQueues broker, CancellationToken cancellationToken)
    {
        if (!ServiceRequestRules.IsRequestId(requestId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Request not found",
                detail: "A request id is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.");
        }

        if (await rejections.FindAsync(requestId, cancellationToken) is { } rejected)
        {
            return TypedResults.Ok(new ServiceRequestStatus(
                requestId, "rejected", TicketText.Text(rejected.QueueCode), null, null, null, null, rejected.Reason, rejected.Detail, Utc.From(rejected.RejectedAt), rejected.BranchCode));
        }

        try
        {
            return TypedResults.Ok(await broker.GetTicketByRequestAsync(requestId, cancellationToken) is { Ticket: { } ticket } found
                ? StatusOf(requestId, ticket, found)
                : new ServiceRequestStatus(requestId, "pending", null, null, null, null, null, null, null, null));
        }
        catch (BrokerUnavailableException)
        {
            return ServiceProblems.BrokerUnavailable();
        }
    }

    private static ProblemHttpResult Unavailable(HttpContext http, IntakeOptions intake, ProblemHttpResult problem)
    {
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(intake.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return problem;
    }

    private static Accepted<ServiceRequestAccepted> Accepted(string requestId)
    {
        var location = ServiceProblems.StatusPath(requestId);
        return TypedResults.Accepted(location, new ServiceRequestAccepted(requestId, "pending", location));
    }

    // Number, place, estimate and desk only: the customer envelope stays with the Broker.
    private static ServiceRequestStatus StatusOf(string requestId, Ticket ticket, GetTicketResponse found)
    {
        var state = TicketText.State(ticket.State);
        var waiting = state == "waiting";
        var since = ticket.State switch
        {
            TicketState.Waiting or TicketState.Transferred => ticket.WaitingSince,
            TicketState.Called => ticket.LastCalledAt ?? ticket.CalledAt,
            TicketState.Serving => ticket.ServingAt,
            TicketState.Parked => ticket.ParkedAt,
            _ => ticket.EndedAt,
        };
        return new ServiceRequestStatus(
            requestId,
            state,
            ticket.Queue,
            ticket.Number,
            waiting && found.Position > 0 ? found.Position : null,
            waiting ? TicketText.Seconds(found.Estimate?.Expected) : null,
            state is "called" or "serving" ? TicketText.Text(ticket.Desk) : null,
            ticket.State == TicketState.Removed ? TicketText.Text(ticket.RemovalReason) : null,
            null,
            TicketText.Time(since),
            TicketText.Text(ticket.Branch));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A confirmed service request for queue {Queue} answered 202, but its Idempotency-Key was not marked confirmed ({Error})")]
    private static partial void LogConfirmationNotRecorded(ILogger logger, string queue, string error);
}
