namespace ServiceQueue.Api.Model;

/// <summary>A user: <c>role</c> is Admin or the strongest role held anywhere; <c>queues</c> are the default branch's; <c>branches</c> and <c>regions</c> the roles held per branch and region.</summary>
public sealed record UserResponse(
    string Id,
    string UserName,
    string Role,
    string? FullName,
    string? Email,
    string? DefaultDesk,
    IReadOnlyList<string> Queues,
    IReadOnlyList<UserBranchRole> Branches,
    IReadOnlyList<UserRegionRole> Regions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    internal static UserResponse From(User user) => new(
        user.Id, user.UserName, user.Role, user.FullName, user.Email, user.DefaultDesk, user.Queues, user.Branches, user.Regions, user.CreatedAt, user.UpdatedAt);
}
