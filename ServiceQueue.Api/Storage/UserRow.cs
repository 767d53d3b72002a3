namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>users</c>: personal data still sealed.</summary>
internal sealed class UserRow
{
    public string Id { get; set; } = "";
    public string UserName { get; set; } = "";
    public string Role { get; set; } = "";
    public byte[]? FullName { get; set; }
    public byte[]? Email { get; set; }

    /// <summary>The e-mail's blind index: unique without the address in clear.</summary>
    public byte[]? EmailIndex { get; set; }
    public string? DefaultDesk { get; set; }
    public string PasswordHash { get; set; } = "";
    public int FailedLogins { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<UserQueueRow> Queues { get; set; } = [];
    public List<UserBranchRoleRow> BranchRoles { get; set; } = [];
    public List<UserRegionRoleRow> RegionRoles { get; set; } = [];
}
