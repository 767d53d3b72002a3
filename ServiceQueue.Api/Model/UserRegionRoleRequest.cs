namespace ServiceQueue.Api.Model;

/// <summary>One entry of a user's <c>regions</c>: a region (a code some branches carry) and the role held in each of its branches.</summary>
public sealed record UserRegionRoleRequest(string? Region, string? Role);
