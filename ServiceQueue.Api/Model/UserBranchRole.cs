namespace ServiceQueue.Api.Model;

/// <summary>The role a user holds in one branch, and the queues they serve there.</summary>
public sealed record UserBranchRole(string Branch, string Role, IReadOnlyList<string> Queues);
