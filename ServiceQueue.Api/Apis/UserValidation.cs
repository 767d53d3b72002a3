using System.Net.Mail;
using System.Text.RegularExpressions;
using ServiceQueue.Api.Model;
using ServiceQueue.ServiceDefaults.Branches;
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

    /// <summary>
    /// The editable fields. Without <paramref name="branches"/> and <paramref name="regions"/>, <paramref name="role"/> and
    /// <paramref name="queues"/> mean what they meant before branches: that role and those queues in the default branch
    /// (an Admin is global). With them, the role is the strongest they give, and <paramref name="queues"/> stay the default branch's.
    /// </summary>
    public static UserChanges CheckFields(
        string? role, string? fullName, string? email, string? defaultDesk, IReadOnlyList<string>? queues,
        IReadOnlyList<UserBranchRoleRequest>? branches, IReadOnlyList<UserRegionRoleRequest>? regions, string defaultBranch, ValidationErrors errors)
    {
        var grantsGiven = branches is not null || regions is not null;
        var canonicalRole = ServiceQueueRoles.Normalize(role?.Trim());
        if (canonicalRole is null && (!grantsGiven || !string.IsNullOrWhiteSpace(role)))
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

        var served = new List<QueueAddress>();
        AddQueues(defaultBranch, queues, "queues", served, errors);
        var branchRoles = new List<BranchGrant>();
        foreach (var (entry, index) in (branches ?? []).Select((b, i) => (b, i)))
        {
            var field = $"branches[{index}]";
            var branch = QueueValidation.NormalizeCode(entry?.Branch);
            var branchRole = StaffRole(entry?.Role, $"{field}.role", errors);
            if (!QueueValidation.IsCode(branch))
            {
                errors.Add($"{field}.branch", "A branch code is 1 to 16 characters of A-Z, 0-9, '_' and '-'.");
            }
            else if (branchRoles.Any(g => g.Branch == branch))
            {
                errors.Add($"{field}.branch", $"Branch {branch} is listed twice; give one role per branch.");
            }
            else if (branchRole is not null)
            {
                branchRoles.Add(new BranchGrant(branch!, branchRole));
            }

            AddQueues(branch ?? "", entry?.Queues, $"{field}.queues", served, errors);
        }

        var regionRoles = new List<UserRegionRole>();
        foreach (var (entry, index) in (regions ?? []).Select((r, i) => (r, i)))
        {
            var field = $"regions[{index}]";
            var region = QueueValidation.NormalizeCode(entry?.Region);
            var regionRole = StaffRole(entry?.Role, $"{field}.role", errors);
            if (!QueueValidation.IsCode(region))
            {
                errors.Add($"{field}.region", "A region code is 1 to 16 characters of A-Z, 0-9, '_' and '-'.");
            }
            else if (regionRoles.Any(g => g.Region == region))
            {
                errors.Add($"{field}.region", $"Region {region} is listed twice; give one role per region.");
            }
            else if (regionRole is not null)
            {
                regionRoles.Add(new UserRegionRole(region!, regionRole));
            }
        }

        if (served.Count > 100)
        {
            errors.Add("queues", "A user serves at most 100 queues.");
        }

        if (!grantsGiven)
        {
            // As before branches: the role in the default branch, or a global Admin.
            if (canonicalRole is ServiceQueueRoles.Attendant or ServiceQueueRoles.Supervisor)
            {
                branchRoles.Add(new BranchGrant(defaultBranch, canonicalRole));
            }

            return new UserChanges(canonicalRole ?? "", name, mail, desk, served, branchRoles, regionRoles);
        }

        var strongest = branchRoles.Select(g => g.Role).Concat(regionRoles.Select(g => g.Role))
            .OrderBy(r => r == ServiceQueueRoles.Supervisor ? 0 : 1).FirstOrDefault();
        if (canonicalRole == ServiceQueueRoles.Admin)
        {
            errors.Add("role", "An Admin holds every branch: leave branches and regions out.");
        }
        else if (strongest is null)
        {
            errors.Add("branches", "Give at least one branch or region role, or leave branches and regions out to use the role alone.");
        }
        else if (canonicalRole is not null && canonicalRole != strongest)
        {
            errors.Add("role", $"With branches or regions, the role is the strongest they give ({strongest}); leave it out or repeat it.");
        }

        foreach (var queue in served)
        {
            if (branchRoles.All(g => g.Branch != queue.Branch))
            {
                errors.Add("queues", $"Queue {queue} is in branch {queue.Branch}, where the user holds no role.");
                break;
            }
        }

        return new UserChanges(strongest ?? "", name, mail, desk, served, branchRoles, regionRoles);
    }

    private static string? StaffRole(string? role, string field, ValidationErrors errors)
    {
        var canonical = ServiceQueueRoles.Normalize(role?.Trim());
        if (canonical is ServiceQueueRoles.Attendant or ServiceQueueRoles.Supervisor)
        {
            return canonical;
        }

        errors.Add(field, "The role in a branch or region is Attendant or Supervisor; Admin is global.");
        return null;
    }

    private static void AddQueues(string branch, IReadOnlyList<string>? queues, string field, List<QueueAddress> served, ValidationErrors errors)
    {
        foreach (var (queue, index) in (queues ?? []).Select((q, i) => (q, i)))
        {
            var code = queue?.Trim().ToUpperInvariant();
            if (!ServiceRequestRules.IsQueueCode(code))
            {
                errors.Add($"{field}[{index}]", "A queue code is 1 to 16 characters of A-Z, 0-9, '_' and '-'.");
            }
            else if (!served.Contains(new QueueAddress(branch, code)))
            {
                served.Add(new QueueAddress(branch, code));
            }
        }
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z0-9._@-]{3,64}$")]
    private static partial Regex UserNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,32}$")]
    private static partial Regex DeskPattern();
}
