using System.Security.Cryptography;
using Aspire.Hosting.Publishing;

namespace ServiceQueue.AppHost.Resources;

/// <summary>
/// A parameter's generated value that is a random key of <paramref name="bytes"/> bytes, base64-encoded
/// (the JWT signing key, the encryption keys): Aspire's own generator makes passwords, not keys.
/// </summary>
internal sealed class GeneratedKeyDefault(int bytes) : ParameterDefault
{
    public override string GetDefaultValue() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    public override void WriteToManifest(ManifestPublishingContext context) =>
        context.Writer.WriteString("value", GetDefaultValue());
}
