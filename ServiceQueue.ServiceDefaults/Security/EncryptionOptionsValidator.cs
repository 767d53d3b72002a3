using Microsoft.Extensions.Options;

namespace ServiceQueue.ServiceDefaults.Security;

internal sealed class EncryptionOptionsValidator : IValidateOptions<EncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, EncryptionOptions options)
    {
        var failures = new List<string>();
        if (options.Keys.Count == 0)
        {
            failures.Add("Security__Encryption__Keys__<id> is required: at least one key.");
        }

        foreach (var (id, text) in options.Keys)
        {
            if (!FieldEnvelope.IsValidKeyId(id))
            {
                failures.Add($"Security__Encryption__Keys__{id}: a key id is 1 to {FieldEnvelope.MaxKeyIdLength} characters of [A-Za-z0-9_-].");
            }

            if (!SecurityKeyText.TryDecode(text, out var key) || key.Length != 32)
            {
                failures.Add($"Security__Encryption__Keys__{id} must be base64 of exactly 32 bytes.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ActiveKeyId))
        {
            failures.Add("Security__Encryption__ActiveKeyId is required.");
        }
        else if (!options.Keys.ContainsKey(options.ActiveKeyId))
        {
            failures.Add($"Security__Encryption__ActiveKeyId names key '{options.ActiveKeyId}', which Security__Encryption__Keys does not list.");
        }

        if (!SecurityKeyText.TryDecode(options.BlindIndexKey, out var indexKey) || indexKey.Length != 32)
        {
            failures.Add("Security__Encryption__BlindIndexKey must be base64 of exactly 32 bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
