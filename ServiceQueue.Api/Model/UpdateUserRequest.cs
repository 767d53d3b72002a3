namespace ServiceQueue.Api.Model;

/// <summary>Replaces every editable field (PUT semantics): an omitted optional field is cleared; roles as in <see cref="CreateUserRequest"/>.</summary>
public sealed record UpdateUserRequest(
    string? Role,
    string? FullName,
    string? Email,
    string? DefaultDesk,
    IReadOnlyList<string>? Queues,
    IReadOnlyList<UserBranchRoleRequest>? Branches = null,
    IReadOnlyList<UserRegionRoleRequest>? Regions = null);
