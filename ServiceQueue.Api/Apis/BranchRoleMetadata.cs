namespace ServiceQueue.Api.Apis;

/// <summary>The least role a branch-scoped route needs in its branch (<see cref="BranchScopeFilter"/>); without it, any role there.</summary>
internal sealed record BranchRoleMetadata(string LeastRole);
