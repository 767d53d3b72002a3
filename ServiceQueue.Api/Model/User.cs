using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Api.Model;

/// <summary>
/// A staff member as the Api works with it: personal data decrypted, no credentials. <see cref="Role"/> is Admin
/// or the strongest role held anywhere; <see cref="Queues"/> are the default branch's codes (as before branches);
/// <see cref="Grants"/> is every branch role in effect, regions expanded, as the access token carries it.
/// </summary>
internal sealed record User(
    string Id,
    string UserName,
    string Role,
    string? FullName,
    string? Email,
    string? DefaultDesk,
    IReadOnlyList<string> Queues,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public IReadOnlyList<UserBranchRole> Branches { get; init; } = [];

    public IReadOnlyList<UserRegionRole> Regions { get; init; } = [];

    public IReadOnlyList<BranchGrant> Grants { get; init; } = [];

    /// <summary>Every queue served, in the token's form: a bare code for the default branch's, <c>&lt;branch&gt;.&lt;code&gt;</c> otherwise.</summary>
    public IReadOnlyList<string> QueueClaims { get; init; } = [];
}
