namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>Access-token settings (<c>Security:Jwt</c>): the Api issues with them, every service validates with them.</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Security:Jwt";

    /// <summary>Base64 of at least 32 bytes: the HMAC-SHA256 key shared by issuer and validators.</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "";

    /// <summary>Tolerated difference between the issuer's clock and ours.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    internal byte[] SigningKeyBytes() => Convert.FromBase64String(SigningKey);
}
