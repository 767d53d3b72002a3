using System.Net.Mail;
using System.Text.RegularExpressions;
using ServiceQueue.Api.Model;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary>The rules for user fields, shared by create and update.</summary>
internal static partial class UserValidation
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;

    public static string? CheckUserName(string? userName, ValidationErrors errors)
    {
        var value = userName?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            errors.Add("userName", "The user name is required.");
            return null;
        }

        if (!UserNamePattern().IsMatch(value))
        {
            errors.Add("userName", "The user name is 3 to 64 characters of letters, digits, '.', '_', '-' and '@'.");
        }

        return value;
    }

    public static void CheckNewPassword(string? password, string field, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(field, "The password is required.");
        }
        else if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            errors.Add(field, $"The password is {MinPasswordLength} to {MaxPasswordLength} characters long.");
        }
    }

    public static UserChanges CheckFields(string? role, string? fullName, string? email, string? defaultDesk, IReadOnlyList<string>? queues, ValidationErrors errors)
    {
        var canonicalRole = ServiceQueueRoles.Normalize(role?.Trim());
        if (canonicalRole is null)
        {
            errors.Add("role", $"The role is one of {string.Join(", ", ServiceQueueRoles.All)}.");
        }

        var name = Optional(fullName);
        if (name is { Length: > 200 })
        {
            errors.Add("fullName", "The full name is at most 200 characters.");
        }

        var mail = Optional(email);
        if (mail is not null && (mail.Length > 254 || !MailAddress.TryCreate(mail, out var parsed) || parsed.Address != mail))
        {
            errors.Add("email", "The e-mail is not a valid address.");
        }

        var desk = Optional(defaultDesk);
        if (desk is not null && !DeskPattern().IsMatch(desk))
        {
            errors.Add("defaultDesk", "The desk is 1 to 32 characters of letters, digits, '_', '.', '@' and '-' (the Broker's rule for desks).");
        }

        var codes = new List<string>();
        foreach (var (queue, index) in (queues ?? []).Select((q, i) => (q, i)))
        {
            var code = queue?.Trim().ToUpperInvariant();
            if (!ServiceRequestRules.IsQueueCode(code))
            {
                errors.Add($"queues[{index}]", "A queue code is 1 to 16 characters of A-Z, 0-9, '_' and '-'.");
            }
            else if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        if (codes.Count > 100)
        {
            errors.Add("queues", "A user serves at most 100 queues.");
        }

        return new UserChanges(canonicalRole ?? "", name, mail, desk, codes);
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z0-9._@-]{3,64}$")]
    private static partial Regex UserNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,32}$")]
    private static partial Regex DeskPattern();
}
