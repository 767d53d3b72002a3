using System.Security.Cryptography;

namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>An encrypted field was altered, bound to other associated data, or sealed with a key this service does not hold.</summary>
public sealed class FieldDecryptionException : CryptographicException
{
    public FieldDecryptionException()
    {
    }

    public FieldDecryptionException(string message)
        : base(message)
    {
    }

    public FieldDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
