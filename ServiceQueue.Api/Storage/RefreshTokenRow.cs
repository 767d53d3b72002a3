namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>refresh_tokens</c>.</summary>
internal sealed class RefreshTokenRow
{
    public string FamilyId { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
