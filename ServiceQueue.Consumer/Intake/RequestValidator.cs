using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Consumer.Model;
using ServiceQueue.Consumer.Options;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Tickets;

namespace ServiceQueue.Consumer.Intake;

/// <summary>
/// Turns a raw delivery (its routing key and body) into a <see cref="ValidatedRequest"/> or a <see cref="Rejection"/>:
/// the routing key's branch and the body's agreeing with it, schema (contracts.md section 2), age, trimming and
/// length limits, and the priority class. Details name fields and rules, never values, because values may be
/// personal data (branch codes are not).
/// </summary>
internal sealed class RequestValidator(
    IOptions<IntakeOptions> options, IOptions<ClockSkewOptions> clockSkew, IOptions<BranchOptions> branches, TimeProvider clock)
{
    public const int MaxNotes = ServiceRequestRules.MaxNotes;
    public const int MaxName = ServiceRequestRules.MaxName;
    public const int MaxDocument = ServiceRequestRules.MaxDocument;
    public const int MaxPhone = ServiceRequestRules.MaxPhone;
    public const int MaxEmail = ServiceRequestRules.MaxEmail;

    private readonly IntakeOptions _options = options.Value;
    private readonly TimeSpan _maxClockSkew = clockSkew.Value.MaxClockSkew;
    private readonly string _defaultBranch = branches.Value.Default;

    public RequestOutcome Validate(ReadOnlySpan<byte> body, string? messageId, string routingKey)
    {
        // A malformed key still lets the body's identity be read, so the rejection event names the request.
        string? branch = IntakeRoutingKey.TryParse(routingKey, _defaultBranch, out var address) ? address.Branch : null;
        var outcome = ValidateBody(body, messageId, branch);
        return outcome.Rejection is null || outcome.Branch is not null || outcome.Rejection.Reason == RejectionReason.BranchMismatch
            ? outcome
            : outcome with { Branch = branch };
    }

    private RequestOutcome ValidateBody(ReadOnlySpan<byte> body, string? messageId, string? branch)
    {
        if (body.Length > _options.MaxBodyBytes)
        {
            return Invalid($"body of {body.Length} bytes exceeds {_options.MaxBodyBytes}");
        }

        // System.Text.Json also refuses bad UTF-8, but checking first gives the operator a precise reason.
        if (!Utf8.IsValid(body))
        {
            return Invalid("body is not valid UTF-8");
        }

        ServiceRequestMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(body, IntakeJsonContext.Default.ServiceRequestMessage);
        }
        catch (JsonException error)
        {
            return Invalid(error.Path is { Length: > 0 } path ? $"not valid JSON or wrong type at {path}" : "not valid JSON");
        }

        if (message is null)
        {
            return Invalid("body is JSON null");
        }

        return ValidateMessage(message, messageId, branch);
    }

    private RequestOutcome ValidateMessage(ServiceRequestMessage message, string? messageId, string? branch)
    {
        if (message.RequestId is not { } requestId || !ServiceRequestRules.IsRequestId(requestId))
        {
            return Invalid("requestId is missing or not 1..64 of [A-Za-z0-9_-]");
        }

        if (!string.IsNullOrEmpty(messageId) && !string.Equals(messageId, requestId, StringComparison.Ordinal))
        {
            return Invalid("message_id differs from requestId", requestId);
        }

        var queue = message.Queue?.Trim().ToUpperInvariant();
        if (queue is null || !ServiceRequestRules.IsQueueCode(queue))
        {
            return Invalid("queue is missing or not 1..16 of [A-Z0-9_-]", requestId);
        }

        if (branch is null)
        {
            return Invalid("the routing key is neither request.<queue> nor request.<branch>.<queue> (each 1..16 of [A-Z0-9_-])", requestId, queue);
        }

        if (message.Branch is { } named)
        {
            var bodyBranch = named.Trim().ToUpperInvariant();
            if (!ServiceRequestRules.IsQueueCode(bodyBranch))
            {
                return Invalid("branch is not 1..16 of [A-Z0-9_-]", requestId, queue);
            }

            if (!string.Equals(bodyBranch, branch, StringComparison.Ordinal))
            {
                return new RequestOutcome(
                    null, new Rejection(RejectionReason.BranchMismatch, $"the body names branch {bodyBranch}, its routing key branch {branch}"), requestId, queue);
            }
        }

        if (ChannelOf(message.Channel) is not { } channel)
        {
            return Invalid("channel is missing or not one of kiosk, web, mobile, partner, staff", requestId, queue);
        }

        if (PriorityOf(message.Priority) is not { } priority)
        {
            return Invalid("priority is missing or not one of normal, priority", requestId, queue);
        }

        if (message.RequestedAt is not { } requestedAt)
        {
            return Invalid("requestedAt is missing", requestId, queue);
        }

        if (message.Notes is { Length: > MaxNotes })
        {
            return Invalid($"notes exceed {MaxNotes} characters", requestId, queue);
        }

        if (CustomerOf(message.Customer, Trimmed(message.Notes), anonymousAllowed: channel == Channel.Kiosk) is not { } customer)
        {
            return Invalid(
                $"customer.name is required (1..{MaxName}) except from a kiosk; document, phone and email are limited to {MaxDocument}, {MaxPhone} and {MaxEmail} characters",
                requestId,
                queue);
        }

        if (message.Holder is { } holder && !TicketHolderToken.IsHash(holder))
        {
            return Invalid("holder must be 64 lowercase hex digits (the SHA-256 of the ticket page's token)", requestId, queue);
        }

        var now = clock.GetUtcNow();
        if (ServiceRequestRules.LiesInTheFuture(requestedAt, now, _maxClockSkew))
        {
            return Invalid("requestedAt lies in the future", requestId, queue);
        }

        if (now - requestedAt > _options.MaxAge)
        {
            return new RequestOutcome(null, new Rejection(RejectionReason.Expired, $"requested more than {_options.MaxAge} ago"), requestId, queue);
        }

        var reason = priority == PriorityClass.Priority ? PriorityReasonOf(message.PriorityReason) : string.Empty;
        return new RequestOutcome(new ValidatedRequest(requestId, queue, branch, channel, priority, reason, customer, requestedAt, message.Holder ?? ""), null, requestId, queue, branch);
    }

    private static RequestOutcome Invalid(string detail, string? requestId = null, string? queue = null) =>
        new(null, new Rejection(RejectionReason.InvalidSchema, detail), requestId, queue);

    private static Channel? ChannelOf(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "kiosk" => Channel.Kiosk,
        "web" => Channel.Web,
        "mobile" => Channel.Mobile,
        "partner" => Channel.Partner,
        "staff" => Channel.Staff,
        _ => null,
    };

    private static PriorityClass? PriorityOf(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "normal" => PriorityClass.Normal,
        "priority" => PriorityClass.Priority,
        _ => null,
    };

    // The Broker stores the reason as a category; free text could carry personal data, so anything unknown becomes "other".
    private static string PriorityReasonOf(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => "unspecified",
        "elderly" or "disability" or "pregnancy" or "infant" or "lactating" or "obesity" or "autism" => value.Trim().ToLowerInvariant(),
        _ => "other",
    };

    // A walk-in at a kiosk may give no name at all (issue 17): the envelope then holds an empty name.
    private static CustomerPayload? CustomerOf(CustomerMessage? customer, string? notes, bool anonymousAllowed)
    {
        if (customer is null)
        {
            return anonymousAllowed ? new CustomerPayload("", null, null, null, notes) : null;
        }

        var name = Trimmed(customer.Name) ?? (anonymousAllowed ? "" : null);
        var document = Trimmed(customer.Document);
        var phone = Trimmed(customer.Phone);
        var email = Trimmed(customer.Email);
        return name is null || name.Length > MaxName || document?.Length > MaxDocument || phone?.Length > MaxPhone || email?.Length > MaxEmail
            ? null
            : new CustomerPayload(name, document, phone, email, notes);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
