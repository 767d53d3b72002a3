namespace ServiceQueue.Api.Model;

/// <summary>One entry of a user's <c>branches</c>: a branch, the role held there (Attendant or Supervisor) and the queues served there.</summary>
public sealed record UserBranchRoleRequest(string? Branch, string? Role, IReadOnlyList<string>? Queues);
