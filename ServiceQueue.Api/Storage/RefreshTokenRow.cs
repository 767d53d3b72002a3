namespace ServiceQueue.Api.Storage;

/// <summary>A row of <c>refresh_tokens</c>, keyed by the SHA-256 of the token's value.</summary>
internal sealed class RefreshTokenRow
{
    public byte[] TokenHash { get; set; } = [];
    public string FamilyId { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime IssuedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
}
