namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>Keys arrive as base64 text in configuration.</summary>
internal static class SecurityKeyText
{
    public static bool TryDecode(string? text, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written))
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }
}
