using System.Text.Json;
using Google.Protobuf;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Realtime.Security;

/// <summary>
/// Opens the customer envelope the Consumer sealed (AES-256-GCM bound to the request id) and keeps the
/// name and the request's notes only; the rest of the plaintext is wiped at once.
/// </summary>
internal sealed partial class CustomerCardReader(FieldEncryptor encryptor, ILogger<CustomerCardReader> logger)
{
    public CustomerCard? CardOf(string requestId, ByteString customer)
    {
        if (customer.IsEmpty || string.IsNullOrEmpty(requestId))
        {
            return null;
        }

        try
        {
            return CustomerSeal.Open(encryptor, customer.Span, requestId);
        }
        catch (Exception exception) when (exception is FieldDecryptionException or JsonException)
        {
            // The message names the key id at most, never the value.
            LogUnreadable(logger, FieldEncryptor.KeyIdOf(customer.Span), exception.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "A ticket's customer data could not be read (key {KeyId}, {Failure}); its name and notes are left out")]
    private static partial void LogUnreadable(ILogger logger, string? keyId, string failure);
}
