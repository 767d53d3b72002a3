using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Tests.Security;

public sealed class SecurityOptionsValidationTests
{
    [Theory]
    [InlineData("", "issuer", "audience", "Security__Jwt__SigningKey")]
    [InlineData("not base64!", "issuer", "audience", "Security__Jwt__SigningKey")]
    [InlineData("c2hvcnQ=", "issuer", "audience", "Security__Jwt__SigningKey")]
    [InlineData(null, "", "audience", "Security__Jwt__Issuer")]
    [InlineData(null, "issuer", " ", "Security__Jwt__Audience")]
    public void Jwt_settings_that_cannot_work_fail_naming_the_key(string? signingKey, string issuer, string audience, string key)
    {
        var result = new JwtOptionsValidator().Validate(null, new JwtOptions { SigningKey = signingKey ?? TestKeys.New(), Issuer = issuer, Audience = audience });

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_jwt_settings_pass()
    {
        Assert.True(new JwtOptionsValidator().Validate(null, new JwtOptions { SigningKey = TestKeys.New(32), Issuer = "i", Audience = "a" }).Succeeded);
    }

    [Fact]
    public void Encryption_settings_fail_on_a_missing_active_key_a_short_key_or_a_missing_index_key()
    {
        var validator = new EncryptionOptionsValidator();

        var unlisted = validator.Validate(null, new EncryptionOptions { ActiveKeyId = "k2", Keys = { ["k1"] = TestKeys.New() }, BlindIndexKey = TestKeys.New() });
        var shortKey = validator.Validate(null, new EncryptionOptions { ActiveKeyId = "k1", Keys = { ["k1"] = TestKeys.New(16) }, BlindIndexKey = TestKeys.New() });
        var noIndexKey = validator.Validate(null, new EncryptionOptions { ActiveKeyId = "k1", Keys = { ["k1"] = TestKeys.New() } });
        var valid = validator.Validate(null, new EncryptionOptions { ActiveKeyId = "k1", Keys = { ["k1"] = TestKeys.New() }, BlindIndexKey = TestKeys.New() });

        Assert.Contains("Security__Encryption__ActiveKeyId", unlisted.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Security__Encryption__Keys__k1", shortKey.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Security__Encryption__BlindIndexKey", noIndexKey.FailureMessage, StringComparison.Ordinal);
        Assert.True(valid.Succeeded);
    }
}
