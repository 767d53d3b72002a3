using System.Security.Claims;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.ServiceDefaults.Branches;

/// <summary>
/// What an access token lets its holder see and do, branch by branch (docs/branches.md, Roles). Admin is
/// global; every other role is held per branch by the <c>branches</c> claim. A token without that claim
/// (issued before branches) holds its <c>role</c> in the default branch alone.
/// </summary>
public sealed class BranchAccess
{
    private readonly Dictionary<string, string> _roles = new(StringComparer.Ordinal);
    private readonly HashSet<QueueAddress> _queues = [];

    public BranchAccess(ClaimsPrincipal user, string defaultBranch)
    {
        ArgumentNullException.ThrowIfNull(user);
        IsAdmin = user.IsInRole(ServiceQueueRoles.Admin);
        foreach (var claim in user.FindAll(ServiceQueueClaims.Branches))
        {
            if (BranchGrant.TryParse(claim.Value, out var grant))
            {
                Hold(grant.Branch, grant.Role);
            }
        }

        if (_roles.Count == 0 && ServiceQueueRoles.Normalize(user.FindFirst(ServiceQueueClaims.Role)?.Value) is { } role and not ServiceQueueRoles.Admin)
        {
            Hold(defaultBranch, role);
        }

        foreach (var claim in user.FindAll(ServiceQueueClaims.Queues))
        {
            if (QueueAddress.TryParse(claim.Value, defaultBranch, out var address))
            {
                _queues.Add(address);
            }
        }
    }

    public bool IsAdmin { get; }

    /// <summary>The branches the holder has a role in, in code order (an Admin's are every branch, which a token does not list).</summary>
    public IReadOnlyList<string> Branches => [.. _roles.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The role held in <paramref name="branch"/>: Admin everywhere for an Admin, null where the holder has none.</summary>
    public string? RoleIn(string branch) =>
        IsAdmin ? ServiceQueueRoles.Admin : _roles.GetValueOrDefault(branch);

    public bool BelongsTo(string branch) => RoleIn(branch) is not null;

    /// <summary>A supervisor of <paramref name="branch"/>, or an Admin.</summary>
    public bool SupervisesIn(string branch) => RoleIn(branch) is ServiceQueueRoles.Admin or ServiceQueueRoles.Supervisor;

    /// <summary>The holder serves the queue: an Admin serves every queue; anyone else must hold a role in its branch and have it among their queues.</summary>
    public bool Serves(QueueAddress queue) => IsAdmin || (BelongsTo(queue.Branch) && _queues.Contains(queue));

    private void Hold(string branch, string role)
    {
        // Two grants in one branch: the stronger counts.
        if (_roles.GetValueOrDefault(branch) != ServiceQueueRoles.Supervisor)
        {
            _roles[branch] = role;
        }
    }
}
