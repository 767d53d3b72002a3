namespace ServiceQueue.Api.Model;

/// <summary>
/// A new user. <c>role</c> and <c>queues</c> alone give that role and those queues in the default branch (or make an
/// Admin, who is global); <c>branches</c> and <c>regions</c> give roles per branch and per region instead.
/// </summary>
public sealed record CreateUserRequest(
    string? UserName,
    string? Password,
    string? Role,
    string? FullName,
    string? Email,
    string? DefaultDesk,
    IReadOnlyList<string>? Queues,
    IReadOnlyList<UserBranchRoleRequest>? Branches = null,
    IReadOnlyList<UserRegionRoleRequest>? Regions = null);
