using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>Who an access token is for.</summary>
public sealed record AccessTokenRequest(
    string Subject,
    string Name,
    string Role,
    IReadOnlyList<string> Queues,
    string? Desk)
{
    /// <summary>The roles held per branch (the <c>branches</c> claim); empty for an Admin, whose role is global.</summary>
    public IReadOnlyList<BranchGrant> Branches { get; init; } = [];
}
