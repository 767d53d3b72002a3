using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// The Consumer's rules for a service request (the limits of <see cref="ServiceRequestRules"/>, which the
/// Consumer applies too), checked before publishing so the client learns them field by field instead of finding its
/// request rejected later. Messages name rules, never values: values may be personal data.
/// </summary>
internal static class ServiceRequestValidation
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxPriorityReason = 64;

    /// <summary>The message to publish, or null with <paramref name="errors"/> filled; its branch is null for the default branch, so that request reads as before branches.</summary>
    public static ServiceRequestMessage? Check(
        string requestId, ServiceRequestBody body, DateTimeOffset now, TimeSpan maxClockSkew, string defaultBranch, ValidationErrors errors)
    {
        var queue = body.Queue?.Trim().ToUpperInvariant();
        if (!ServiceRequestRules.IsQueueCode(queue))
        {
            errors.Add("queue", "The queue is required: 1 to 16 characters of A-Z, 0-9, '_' and '-'.");
        }

        var branch = body.Branch?.Trim().ToUpperInvariant();
        if (branch is not null && !ServiceRequestRules.IsQueueCode(branch))
        {
            errors.Add("branch", "The branch, when given, is 1 to 16 characters of A-Z, 0-9, '_' and '-'; without it the request is for the default branch.");
        }

        var channel = body.Channel?.Trim().ToLowerInvariant();
        if (channel is null || !ServiceRequestRules.Channels.Contains(channel))
        {
            errors.Add("channel", $"The channel is required, one of {string.Join(", ", ServiceRequestRules.Channels)}.");
        }

        var priority = body.Priority?.Trim().ToLowerInvariant();
        if (priority is null || !ServiceRequestRules.Priorities.Contains(priority))
        {
            errors.Add("priority", $"The priority is required, one of {string.Join(", ", ServiceRequestRules.Priorities)}.");
        }

        var reason = Trimmed(body.PriorityReason);
        if (reason is { Length: > MaxPriorityReason })
        {
            errors.Add("priorityReason", $"The priority reason is at most {MaxPriorityReason} characters, e.g. elderly, disability, pregnancy.");
        }

        if (body.Notes is { Length: > ServiceRequestRules.MaxNotes })
        {
            errors.Add("notes", $"The notes are at most {ServiceRequestRules.MaxNotes} characters.");
        }

        if (body.RequestedAt is { } requestedAt && ServiceRequestRules.LiesInTheFuture(requestedAt, now, maxClockSkew))
        {
            errors.Add("requestedAt", "The request time lies in the future.");
        }

        var customer = CheckCustomer(body.Customer, errors);
        return errors.IsValid
            ? new ServiceRequestMessage(
                requestId, queue!, channel!, customer!, priority!, reason, body.RequestedAt ?? now, Trimmed(body.Notes), branch == defaultBranch ? null : branch)
            : null;
    }

    private static CustomerMessage? CheckCustomer(CustomerBody? customer, ValidationErrors errors)
    {
        if (customer is null)
        {
            errors.Add("customer", "The customer is required, with at least a name.");
            return null;
        }

        var name = Trimmed(customer.Name);
        if (name is null || name.Length > ServiceRequestRules.MaxName)
        {
            errors.Add("customer.name", $"The customer's name is required: 1 to {ServiceRequestRules.MaxName} characters.");
        }

        var document = Limited(customer.Document, ServiceRequestRules.MaxDocument, "customer.document", "document", errors);
        var phone = Limited(customer.Phone, ServiceRequestRules.MaxPhone, "customer.phone", "phone", errors);
        var email = Limited(customer.Email, ServiceRequestRules.MaxEmail, "customer.email", "e-mail", errors);
        return new CustomerMessage(name, document, phone, email);
    }

    private static string? Limited(string? value, int max, string field, string label, ValidationErrors errors)
    {
        var trimmed = Trimmed(value);
        if (trimmed is { Length: var length } && length > max)
        {
            errors.Add(field, $"The customer's {label} is at most {max} characters.");
        }

        return trimmed;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
