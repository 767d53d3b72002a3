using Microsoft.Extensions.Options;

namespace ServiceQueue.ServiceDefaults.Security;

internal sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var failures = new List<string>();
        if (!SecurityKeyText.TryDecode(options.SigningKey, out var key) || key.Length < 32)
        {
            failures.Add("Security__Jwt__SigningKey must be base64 of at least 32 bytes.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("Security__Jwt__Issuer is required.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Security__Jwt__Audience is required.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add("Security__Jwt__ClockSkew must be between 0 and 5 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
