using System.Text;
using System.Text.Json;

namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>
/// The customer's personal data as the Consumer seals it on a ticket: a JSON object (the request's
/// <c>customer</c> plus its free-text <c>notes</c>) encrypted with <see cref="FieldEncryptor"/>, bound to
/// the request id (its plaintext shape is <see cref="Intake.CustomerPayload"/>). Readers only ever need the name and the notes.
/// </summary>
public static class CustomerSeal
{
    /// <summary>
    /// Opens the envelope and returns the name and notes (each null when absent), wiping the plaintext.
    /// Throws <see cref="FieldDecryptionException"/> or <see cref="JsonException"/> when it does not open.
    /// </summary>
    public static CustomerCard Open(FieldEncryptor encryptor, ReadOnlySpan<byte> envelope, string requestId)
    {
        ArgumentNullException.ThrowIfNull(encryptor);
        var plaintext = encryptor.Decrypt(envelope, Encoding.UTF8.GetBytes(requestId));
        try
        {
            using var document = JsonDocument.Parse(plaintext);
            return new CustomerCard(TextOf(document.RootElement, "name"), TextOf(document.RootElement, "notes"));
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    private static string? TextOf(JsonElement sealedCustomer, string property) =>
        sealedCustomer.ValueKind == JsonValueKind.Object
        && sealedCustomer.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
