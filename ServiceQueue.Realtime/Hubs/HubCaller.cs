using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Realtime.Hubs;

/// <summary>
/// The signed-in caller of <c>/hubs/queues</c> as the access token describes them: role, served
/// queues (an Admin serves every queue), user name (the attendant the Broker records) and default desk.
/// </summary>
internal sealed class HubCaller(ClaimsPrincipal user)
{
    public ClaimsPrincipal User { get; } = user;

    public string Attendant { get; } = user.FindFirst(ServiceQueueClaims.Name)?.Value
        ?? user.FindFirst(ServiceQueueClaims.Subject)?.Value
        ?? throw new HubException("unauthorized: The access token names no user.");

    public string? DefaultDesk { get; } = user.FindFirst(ServiceQueueClaims.Desk)?.Value;

    public bool IsAdmin => User.IsInRole(ServiceQueueRoles.Admin);

    public bool IsSupervisor => IsAdmin || User.IsInRole(ServiceQueueRoles.Supervisor);

    public bool Serves(string queue) =>
        IsAdmin || AccessTokenIssuer.QueuesOf(User).Contains(queue, StringComparer.Ordinal);

    /// <summary>The queue code, or a hub error when the caller does not serve it.</summary>
    public string RequireQueue(string? queue)
    {
        var code = queue?.Trim() ?? string.Empty;
        if (code.Length == 0)
        {
            throw new HubException("invalid_argument: Name a queue.");
        }

        return Serves(code) ? code : throw new HubException($"forbidden: You do not serve queue {code}.");
    }

    public void RequireSupervisor(string action)
    {
        if (!IsSupervisor)
        {
            throw new HubException($"forbidden: Only supervisors and admins may {action} tickets.");
        }
    }

    /// <summary>The desk the caller named, else the one on their profile.</summary>
    public string RequireDesk(string? desk)
    {
        var chosen = string.IsNullOrWhiteSpace(desk) ? DefaultDesk : desk.Trim();
        return string.IsNullOrEmpty(chosen) ? throw new HubException("invalid_argument: Choose a desk first.") : chosen;
    }
}
