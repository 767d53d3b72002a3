using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// The intake request id of a kiosk's ticket request: <c>k</c> and 32 base64url characters of SHA-256(kiosk id, key),
/// so a kiosk's Idempotency-Key is its own (two kiosks using the same key never meet) and reveals neither.
/// </summary>
internal static class KioskRequestId
{
    public static string For(string kioskId, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(kioskId + "\n" + idempotencyKey));
        return "k" + Base64Url.EncodeToString(hash)[..32];
    }
}
