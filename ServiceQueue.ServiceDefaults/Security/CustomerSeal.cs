using System.Text;
using System.Text.Json;

namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>
/// The customer's personal data as the Consumer seals it on a ticket: a JSON object encrypted with
/// <see cref="FieldEncryptor"/>, bound to the request id. Readers only ever need the name.
/// </summary>
public static class CustomerSeal
{
    /// <summary>
    /// Opens the envelope and returns the customer's name (null when it has none), wiping the plaintext.
    /// Throws <see cref="FieldDecryptionException"/> or <see cref="JsonException"/> when it does not open.
    /// </summary>
    public static string? OpenName(FieldEncryptor encryptor, ReadOnlySpan<byte> envelope, string requestId)
    {
        ArgumentNullException.ThrowIfNull(encryptor);
        var plaintext = encryptor.Decrypt(envelope, Encoding.UTF8.GetBytes(requestId));
        try
        {
            using var document = JsonDocument.Parse(plaintext);
            return document.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }
}
