extern alias api;

using api::ServiceQueue.Api.Identity;
using api::ServiceQueue.Api.Options;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace ServiceQueue.Tests.Api;

public sealed class PasswordHasherTests
{
    [Fact]
    public void A_hash_records_algorithm_iterations_salt_and_hash_and_verifies_only_its_password()
    {
        var hasher = HasherWith(210_000);

        var hash = hasher.Hash("correct horse battery");

        var parts = hash.Split('$');
        Assert.Equal("pbkdf2-sha512", parts[0]);
        Assert.Equal("210000", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(64, Convert.FromBase64String(parts[3]).Length);
        Assert.NotEqual(hash, hasher.Hash("correct horse battery"));
        Assert.Equal(PasswordVerification.Succeeded, hasher.Verify(hash, "correct horse battery"));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify(hash, "correct horse battery "));
    }

    [Fact]
    public void A_hash_with_fewer_iterations_than_configured_verifies_but_asks_for_a_rehash()
    {
        var old = HasherWith(210_000).Hash("s3cret-password");

        Assert.Equal(PasswordVerification.SucceededRehashNeeded, HasherWith(300_000).Verify(old, "s3cret-password"));
        Assert.Equal(PasswordVerification.Failed, HasherWith(300_000).Verify(old, "wrong-password"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("md5$1$abc$def")]
    [InlineData("pbkdf2-sha512$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha512$1000$not base64$AAAA")]
    public void A_malformed_stored_hash_never_verifies(string stored)
    {
        Assert.Equal(PasswordVerification.Failed, HasherWith(210_000).Verify(stored, "anything"));
    }

    private static PasswordHasher HasherWith(int iterations) => new(OptionsFactory.Create(new AuthOptions { PasswordIterations = iterations }));
}
