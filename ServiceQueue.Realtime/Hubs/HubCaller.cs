using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// The signed-in caller of <c>/hubs/queues</c> as the access token describes them: what they may do in each
/// branch (<see cref="BranchAccess"/>), the user name (the attendant the Broker records) and default desk.
/// </summary>
internal sealed class HubCaller(ClaimsPrincipal user, string defaultBranch)
{
    public ClaimsPrincipal User { get; } = user;

    public BranchAccess Access { get; } = new(user, defaultBranch);

    public string DefaultBranch { get; } = defaultBranch;

    public string Attendant { get; } = user.FindFirst(ServiceQueueClaims.Name)?.Value
        ?? user.FindFirst(ServiceQueueClaims.Subject)?.Value
        ?? throw new HubException("unauthorized: The access token names no user.");

    public string? DefaultDesk { get; } = user.FindFirst(ServiceQueueClaims.Desk)?.Value;

    public bool IsAdmin => Access.IsAdmin;

    /// <summary>Supervises some branch: anyone else is refused a supervisor's action before any ticket is looked up.</summary>
    public bool SupervisesAnywhere => IsAdmin || Access.Branches.Any(Access.SupervisesIn);

    /// <summary>The queue named by an address (<c>NORTH.GEN</c>, or a bare code of the default branch), or a hub error when the caller does not serve it.</summary>
    public QueueAddress RequireQueue(string? queue)
    {
        var named = queue?.Trim() ?? string.Empty;
        if (named.Length == 0)
        {
            throw new HubException("invalid_argument: Name a queue.");
        }

        if (!QueueAddress.TryParse(named, DefaultBranch, out var address))
        {
            throw new HubException("invalid_argument: A queue is named CODE or BRANCH.CODE (A-Z, 0-9, '_' and '-').");
        }

        return Access.Serves(address) ? address : throw new HubException($"forbidden: You do not serve queue {named}.");
    }

    /// <summary>The ticket's queue (in the ticket's branch) must be one the caller serves.</summary>
    public void RequireServes(QueueAddress ticketQueue)
    {
        if (!Access.Serves(ticketQueue))
        {
            throw new HubException($"forbidden: You do not serve queue {ticketQueue}.");
        }
    }

    public void RequireSupervisor(string action, string? branch = null)
    {
        var allowed = branch is null ? SupervisesAnywhere : Access.SupervisesIn(branch);
        if (!allowed)
        {
            throw new HubException(branch is null
                ? $"forbidden: Only supervisors and admins may {action} tickets."
                : $"forbidden: Only supervisors and admins may {action} tickets in branch {branch}.");
        }
    }

    /// <summary>The desk the caller named, else the one on their profile.</summary>
    public string RequireDesk(string? desk)
    {
        var chosen = string.IsNullOrWhiteSpace(desk) ? DefaultDesk : desk.Trim();
        return string.IsNullOrEmpty(chosen) ? throw new HubException("invalid_argument: Choose a desk first.") : chosen;
    }
}
