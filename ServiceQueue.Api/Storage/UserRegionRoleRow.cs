namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>user_region_roles</c>: a role held in every branch of a region, those that join it later too.</summary>
internal sealed class UserRegionRoleRow
{
    public string UserId { get; set; } = "";
    public string Region { get; set; } = "";
    public string Role { get; set; } = "";
}
