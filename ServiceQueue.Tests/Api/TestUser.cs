using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Tests.Api;

/// <summary>A user the test made; <see cref="Branches"/> and <see cref="Queues"/> are what their token carries (none: the role in the default branch, queue GEN).</summary>
internal sealed record TestUser(string Id, string UserName, string Password, string Role)
{
    public IReadOnlyList<BranchGrant> Branches { get; init; } = [];

    public IReadOnlyList<string> Queues { get; init; } = ["GEN"];
}
