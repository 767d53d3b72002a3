namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>user_branch_roles</c>: the role a user holds in one branch (Attendant or Supervisor; Admin is global).</summary>
internal sealed class UserBranchRoleRow
{
    public string UserId { get; set; } = "";
    public string BranchCode { get; set; } = "";
    public string Role { get; set; } = "";
}
