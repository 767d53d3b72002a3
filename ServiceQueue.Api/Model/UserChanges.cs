using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Api.Model;

/// <summary>The editable fields of a user, validated: the role (Admin, or the strongest held), the queues served anywhere and the roles per branch and region.</summary>
internal sealed record UserChanges(
    string Role,
    string? FullName,
    string? Email,
    string? DefaultDesk,
    IReadOnlyList<QueueAddress> Queues,
    IReadOnlyList<BranchGrant> BranchRoles,
    IReadOnlyList<UserRegionRole> RegionRoles);
