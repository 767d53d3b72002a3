using System.Text.RegularExpressions;
using ServiceQueue.Api.Messaging;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// The Consumer's rules for a service request (ServiceQueue.Consumer/Intake/RequestValidator.cs, the same
/// limits), checked before publishing so the client learns them field by field instead of finding its
/// request rejected later. Messages name rules, never values: values may be personal data.
/// </summary>
internal static partial class ServiceRequestValidation
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxNotes = 500;
    public const int MaxName = 200;
    public const int MaxDocument = 64;
    public const int MaxPhone = 32;
    public const int MaxEmail = 254;
    public const int MaxPriorityReason = 64;

    private static readonly string[] Channels = ["kiosk", "web", "mobile", "partner", "staff"];
    private static readonly string[] Priorities = ["normal", "priority"];

    public static bool IsRequestId(string? value) => value is not null && RequestIdPattern().IsMatch(value);

    public static ServiceRequestMessage? Check(string requestId, ServiceRequestBody body, DateTimeOffset now, TimeSpan maxClockSkew, ValidationErrors errors)
    {
        var queue = body.Queue?.Trim().ToUpperInvariant();
        if (queue is null || !QueueCodePattern().IsMatch(queue))
        {
            errors.Add("queue", "The queue is required: 1 to 16 characters of A-Z, 0-9, '_' and '-'.");
        }

        var channel = body.Channel?.Trim().ToLowerInvariant();
        if (channel is null || !Channels.Contains(channel))
        {
            errors.Add("channel", $"The channel is required, one of {string.Join(", ", Channels)}.");
        }

        var priority = body.Priority?.Trim().ToLowerInvariant();
        if (priority is null || !Priorities.Contains(priority))
        {
            errors.Add("priority", $"The priority is required, one of {string.Join(", ", Priorities)}.");
        }

        var reason = Trimmed(body.PriorityReason);
        if (reason is { Length: > MaxPriorityReason })
        {
            errors.Add("priorityReason", $"The priority reason is at most {MaxPriorityReason} characters, e.g. elderly, disability, pregnancy.");
        }

        if (body.Notes is { Length: > MaxNotes })
        {
            errors.Add("notes", $"The notes are at most {MaxNotes} characters.");
        }

        if (body.RequestedAt is { } requestedAt && requestedAt > now + maxClockSkew)
        {
            errors.Add("requestedAt", "The request time lies in the future.");
        }

        var customer = CheckCustomer(body.Customer, errors);
        return errors.IsValid
            ? new ServiceRequestMessage(requestId, queue!, channel!, customer!, priority!, reason, body.RequestedAt ?? now, Trimmed(body.Notes))
            : null;
    }

    private static CustomerBody? CheckCustomer(CustomerBody? customer, ValidationErrors errors)
    {
        if (customer is null)
        {
            errors.Add("customer", "The customer is required, with at least a name.");
            return null;
        }

        var name = Trimmed(customer.Name);
        if (name is null || name.Length > MaxName)
        {
            errors.Add("customer.name", $"The customer's name is required: 1 to {MaxName} characters.");
        }

        var document = Limited(customer.Document, MaxDocument, "customer.document", "document", errors);
        var phone = Limited(customer.Phone, MaxPhone, "customer.phone", "phone", errors);
        var email = Limited(customer.Email, MaxEmail, "customer.email", "e-mail", errors);
        return new CustomerBody(name, document, phone, email);
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

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex(@"^[A-Z0-9_-]{1,16}\z", RegexOptions.CultureInvariant)]
    private static partial Regex QueueCodePattern();
}
