namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>Personal-data encryption keys (<c>Security:Encryption</c>); retired keys stay listed so old rows stay readable.</summary>
public sealed class EncryptionOptions
{
    public const string SectionName = "Security:Encryption";

    /// <summary>The key every new value is sealed with; one of <see cref="Keys"/>.</summary>
    public string ActiveKeyId { get; set; } = "";

    /// <summary>Key id to base64 of exactly 32 bytes (AES-256).</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>Base64 of exactly 32 bytes: the HMAC-SHA256 key of blind indexes (never rotated: indexes would change).</summary>
    public string BlindIndexKey { get; set; } = "";
}
