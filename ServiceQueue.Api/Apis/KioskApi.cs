using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ServiceQueue.Api.BrokerClient;
using ServiceQueue.Api.Extensions;
using ServiceQueue.Api.Identity;
using ServiceQueue.Api.Messaging;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Options;
using ServiceQueue.Api.RateLimiting;
using ServiceQueue.Api.Storage;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Tickets;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// <c>/kiosk</c>: what an enrolled kiosk device may do with its token (scheme Kiosk) and nothing else: learn about itself,
/// list its open queues, and issue tickets there, exactly one per Idempotency-Key. Limited per device.
/// </summary>
internal static partial class KioskApi
{
    private const string LogCategory = "ServiceQueue.Api.Apis.KioskApi";
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);

    public static IEndpointRouteBuilder MapKioskApi(this IEndpointRouteBuilder routes)
    {
        var kiosk = routes.MapGroup("/kiosk").WithTags("Kiosk")
            .RequireAuthorization(KioskAuthentication.Policy)
            .RequireRateLimiting(ApiRateLimiting.KioskPerDevicePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        kiosk.MapGet("/", GetSelf)
            .WithSummary("The calling kiosk")
            .WithDescription("The kiosk the device token belongs to: id, name, branch and language. Kiosk devices only (Authorization: Bearer sqk_...); a staff token is 403, a revoked or unknown device token 401. Limited per device (429 with Retry-After).");
        kiosk.MapGet("/queues", ListQueuesAsync)
            .WithSummary("The kiosk's open queues")
            .WithDescription("The queues this kiosk may issue for that are open now, by code: address, name, how many wait, the wait a ticket taken now would be quoted (`estimate`: minSeconds optimistic, maxSeconds expected; null when the Broker has none) and the optional fields the queue asks for (`fields`: name, phone). Kiosk devices only; limited per device.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        kiosk.MapPost("/tickets", IssueAsync)
            .WithSummary("Issue a ticket")
            .WithDescription("Takes a ticket for one of the kiosk's queues. The Idempotency-Key header is required (1 to 64 of A-Z, a-z, 0-9, '_', '-'; a kiosk's keys are its own): a repeat with the same key and body publishes nothing and answers with the same token, so a double tap or a lost answer never makes a second ticket; the same key with another body is 409. Answers 201 `issued` with number, place, estimate and the ticket page's token and path once the ticket exists, or 202 `pending` (number null; repeat the same request) when it is not there within Kiosk:IssueWait; 422 with `reason` when intake refused it (queue closed, full...). `name` and `phone` only where the queue asks for them. Kiosk devices only; limited per device.")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static Ok<KioskSelfResponse> GetSelf(ClaimsPrincipal principal)
    {
        var kiosk = KioskCaller.From(principal);
        return TypedResults.Ok(new KioskSelfResponse(kiosk.Id, kiosk.Name, kiosk.Branch, kiosk.Language));
    }

    public static async Task<Results<Ok<KioskQueueResponse[]>, ProblemHttpResult>> ListQueuesAsync(
        ClaimsPrincipal principal, QueueDefinitionStore queues, BrokerQueues broker, CancellationToken cancellationToken)
    {
        var kiosk = KioskCaller.From(principal);
        var allowed = (await queues.ListAsync(kiosk.Branch, cancellationToken)).Where(row => row.IsOpen && kiosk.Queues.Contains(row.Code)).ToList();
        IReadOnlyList<QueueSummary> live;
        try
        {
            live = allowed.Count == 0 ? [] : await broker.ListAsync(kiosk.Branch, cancellationToken);
        }
        catch (BrokerUnavailableException)
        {
            return ServiceProblems.BrokerUnavailable();
        }

        var summaries = live.ToDictionary(summary => summary.Definition.Code, StringComparer.Ordinal);
        return TypedResults.Ok(allowed
            .Where(row => summaries.TryGetValue(row.Code, out var summary) && summary.Definition.Open)
            .Select(row => new KioskQueueResponse(
                row.Code,
                new QueueAddress(kiosk.Branch, row.Code).ToString(),
                row.Name,
                summaries[row.Code].Waiting,
                Range(summaries[row.Code].Estimate),
                QueueCustomerFields.Parse(row.CustomerFields)))
            .ToArray());
    }

    public static async Task<Results<Created<KioskTicketResponse>, Accepted<KioskTicketResponse>, ProblemHttpResult>> IssueAsync(
        KioskTicketRequest body,
        [FromHeader(Name = ServiceRequestValidation.IdempotencyKeyHeader)] string? idempotencyKey,
        ClaimsPrincipal principal,
        QueueDefinitionStore queues,
        IntakeKeyStore keys,
        KioskTicketStore tickets,
        IntakePublisher publisher,
        AuditLog audit,
        BrokerQueues broker,
        RejectedRequestStore rejections,
        IOptions<KioskOptions> kioskOptions,
        IOptions<IntakeOptions> intake,
        IOptions<BranchOptions> branches,
        TimeProvider clock,
        HttpContext http,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var kiosk = KioskCaller.From(principal);
        var errors = new ValidationErrors();
        if (!ServiceRequestRules.IsRequestId(idempotencyKey))
        {
            errors.Add(ServiceRequestValidation.IdempotencyKeyHeader, "The Idempotency-Key header is required: 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-', the same for every repeat of one tap.");
        }

        var code = QueueValidation.NormalizeCode(body.Queue);
        if (!ServiceRequestRules.IsQueueCode(code))
        {
            errors.Add("queue", "The queue is required: 1 to 16 characters of A-Z, 0-9, '_' and '-'.");
            return KioskProblems.Invalid(errors);
        }

        if (!kiosk.Queues.Contains(code))
        {
            return KioskProblems.QueueNotAllowed(code);
        }

        if (await queues.FindAsync(kiosk.Branch, code, cancellationToken) is not { } queue)
        {
            return KioskProblems.QueueNotAllowed(code);
        }

        var fields = QueueCustomerFields.Parse(queue.CustomerFields);
        var name = Field(body.Name, QueueCustomerFields.Name, "name", ServiceRequestRules.MaxName, fields, errors);
        var phone = Field(body.Phone, QueueCustomerFields.Phone, "phone", ServiceRequestRules.MaxPhone, fields, errors);
        if (!errors.IsValid)
        {
            return KioskProblems.Invalid(errors);
        }

        var requestId = KioskRequestId.For(kiosk.Id, idempotencyKey!);
        var logger = loggers.CreateLogger(LogCategory);
        string token;
        IntakeKeyClaim claim;
        try
        {
            // What the kiosk asked for, after trimming: a repeat of the tap means the same, whatever its whitespace.
            var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new KioskTicketRequest(code, name, phone), KioskJsonContext.Default.KioskTicketRequest));
            claim = await keys.ClaimAsync(requestId, hash, code, cancellationToken);
            if (claim == IntakeKeyClaim.Conflict)
            {
                return KioskProblems.IdempotencyKeyReused();
            }

            token = await tickets.GetOrCreateTokenAsync(requestId, kiosk.Id, code, cancellationToken);
        }
        catch (Exception exception) when (MySqlErrors.IsUnavailable(exception))
        {
            return Unavailable(http, intake.Value, ServiceProblems.IntakeUnavailable(requestId));
        }

        if (claim == IntakeKeyClaim.Publish)
        {
            var now = clock.GetUtcNow();
            var message = new ServiceRequestMessage(
                // A walk-in who typed nothing sends no customer at all: intake takes a kiosk's request without a name.
                requestId, code, "kiosk", name is null && phone is null ? null : new CustomerMessage(name, null, phone, null), "normal", null, now, null,
                kiosk.Branch == branches.Value.Default ? null : kiosk.Branch, TicketHolderToken.Hash(token));
            switch (await publisher.PublishAsync(message, cancellationToken))
            {
                case IntakePublishOutcome.NotPublished:
                    return Unavailable(http, intake.Value, ServiceProblems.IntakeUnavailable(requestId));
                case IntakePublishOutcome.MayBePublished:
                    return Unavailable(http, intake.Value, ServiceProblems.IntakeUnconfirmed(requestId));
            }

            try
            {
                await keys.MarkConfirmedAsync(requestId, cancellationToken);
                await audit.WriteAsync(new AuditEntry(AuditActions.KioskTicketIssued, kiosk.Id, AuditActions.KioskSubject, kiosk.Id, $"queue={code}; request={requestId}") { Branch = kiosk.Branch }, cancellationToken);
            }
            catch (Exception exception) when (MySqlErrors.IsUnavailable(exception))
            {
                // RabbitMQ holds it; an unmarked key only means a repeat is published again, which the Consumer and Broker absorb.
                LogNotRecorded(logger, code, exception.GetType().Name);
            }
        }

        var pending = new KioskTicketResponse("pending", null, code, queue.Name, kiosk.Branch, null, null, token, TicketPath(token), null);
        return await WaitForTicketAsync(requestId, pending, broker, rejections, kioskOptions.Value, clock, logger, cancellationToken);
    }

    /// <summary>Looks for the ticket (or its rejection) with a growing pause until Kiosk:IssueWait has passed.</summary>
    private static async Task<Results<Created<KioskTicketResponse>, Accepted<KioskTicketResponse>, ProblemHttpResult>> WaitForTicketAsync(
        string requestId, KioskTicketResponse pending, BrokerQueues broker, RejectedRequestStore rejections, KioskOptions options, TimeProvider clock, ILogger logger,
        CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var pause = FirstPoll < options.IssuePollMaxInterval ? FirstPoll : options.IssuePollMaxInterval;
        while (true)
        {
            try
            {
                if (await rejections.FindAsync(requestId, cancellationToken) is { } rejected)
                {
                    return KioskProblems.Rejected(rejected.Reason, rejected.Detail);
                }

                if (await broker.GetTicketByRequestAsync(requestId, cancellationToken) is { Ticket: { } ticket } found)
                {
                    return TypedResults.Created((string?)null, Issued(pending, ticket, found));
                }
            }
            catch (Exception exception) when (exception is BrokerUnavailableException || MySqlErrors.IsUnavailable(exception))
            {
                // The request is in RabbitMQ: the kiosk learns its fate by repeating the request, so this is "pending", not an error.
                LogLookupFailed(logger, exception.GetType().Name);
                break;
            }

            var left = options.IssueWait - clock.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            await Task.Delay(pause < left ? pause : left, clock, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, options.IssuePollMaxInterval.Ticks));
        }

        return TypedResults.Accepted((string?)null, pending);
    }

    private static KioskTicketResponse Issued(KioskTicketResponse pending, Ticket ticket, GetTicketResponse found)
    {
        var waiting = ticket.State is TicketState.Waiting or TicketState.Transferred;
        return pending with
        {
            Status = "issued",
            Number = ticket.Number,
            Position = waiting && found.Position > 0 ? found.Position : null,
            Estimate = waiting ? Range(found.Estimate) : null,
            IssuedAt = TicketText.Time(ticket.EnqueuedAt),
        };
    }

    /// <summary>The customer's range: optimistic to expected, whole seconds; null when the Broker gave no estimate.</summary>
    public static WaitRange? Range(WaitEstimate? estimate)
    {
        if (TicketText.Seconds(estimate?.Expected) is not { } expected)
        {
            return null;
        }

        var optimistic = TicketText.Seconds(estimate!.Optimistic) ?? expected;
        return new WaitRange(Math.Min(optimistic, expected), expected);
    }

    public static string TicketPath(string token) => "/t/" + token;

    // A field the queue does not ask for is refused rather than dropped: the kiosk must not collect what nobody needs.
    private static string? Field(string? value, string field, string label, int max, IReadOnlyList<string> asked, ValidationErrors errors)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (trimmed is null)
        {
            return null;
        }

        if (!asked.Contains(field))
        {
            errors.Add(label, $"This queue does not ask for the customer's {label}; leave it out.");
        }
        else if (trimmed.Length > max || trimmed.Any(char.IsControl))
        {
            errors.Add(label, $"The customer's {label} is at most {max} characters, no control characters.");
        }

        return trimmed;
    }

    private static ProblemHttpResult Unavailable(HttpContext http, IntakeOptions intake, ProblemHttpResult problem)
    {
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(intake.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A confirmed kiosk ticket request for queue {Queue} was not marked confirmed or not audited ({Error})")]
    private static partial void LogNotRecorded(ILogger logger, string queue, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A kiosk ticket request could not be looked up while waiting for its ticket ({Error}); answered pending")]
    private static partial void LogLookupFailed(ILogger logger, string error);
}
