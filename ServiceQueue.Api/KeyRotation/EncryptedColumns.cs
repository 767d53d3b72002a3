using ServiceQueue.Api.Storage;

namespace ServiceQueue.Api.KeyRotation;

/// <summary>Every MySQL column that holds field-encryption envelopes: a new one must be listed here to be rotated.</summary>
internal static class EncryptedColumns
{
    public static readonly IReadOnlyList<EncryptedColumn> All =
    [
        new("users", "id", "full_name", UserStore.FullNameContext),
        new("users", "id", "email", UserStore.EmailContext),
        new("kiosk_tickets", "request_id", "holder_token", KioskTicketStore.TokenContext),
    ];
}
