using System.Text.Json;
using Google.Protobuf;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Realtime.Security;

/// <summary>
/// Opens the customer envelope the Consumer sealed (AES-256-GCM bound to the request id) and keeps the
/// name only; the rest of the plaintext is wiped at once.
/// </summary>
internal sealed partial class CustomerNameReader(FieldEncryptor encryptor, ILogger<CustomerNameReader> logger)
{
    public string? NameOf(string requestId, ByteString customer)
    {
        if (customer.IsEmpty || string.IsNullOrEmpty(requestId))
        {
            return null;
        }

        try
        {
            return CustomerSeal.Open(encryptor, customer.Span, requestId).Name;
        }
        catch (Exception exception) when (exception is FieldDecryptionException or JsonException)
        {
            // The message names the key id at most, never the value.
            LogUnreadable(logger, FieldEncryptor.KeyIdOf(customer.Span), exception.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "A ticket's customer data could not be read (key {KeyId}, {Failure}); its name is left out")]
    private static partial void LogUnreadable(ILogger logger, string? keyId, string failure);
}
