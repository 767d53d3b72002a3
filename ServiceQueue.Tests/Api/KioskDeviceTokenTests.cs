extern alias api;

using KioskDeviceToken = api::ServiceQueue.Api.Identity.KioskDeviceToken;

namespace ServiceQueue.Tests.Api;

public sealed class KioskDeviceTokenTests
{
    [Fact]
    public void A_device_token_is_the_prefix_and_43_base64url_characters_and_only_that_is_well_formed()
    {
        var token = KioskDeviceToken.Create();

        Assert.Equal(47, token.Length);
        Assert.StartsWith("sqk_", token, StringComparison.Ordinal);
        Assert.All(token[4..], c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not base64url"));
        Assert.True(KioskDeviceToken.IsWellFormed(token));
        Assert.False(KioskDeviceToken.IsWellFormed(token[..^1]));
        Assert.False(KioskDeviceToken.IsWellFormed("sqx_" + token[4..]));
        Assert.False(KioskDeviceToken.IsWellFormed(token[..^1] + "="));
        // A second spelling of the same bytes (stray low bits in the last character) is refused, not thrown on.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        Assert.False(KioskDeviceToken.IsWellFormed(token[..^1] + alphabet[alphabet.IndexOf(token[^1], StringComparison.Ordinal) + 1]));
        Assert.False(KioskDeviceToken.IsWellFormed(null));
    }

    [Fact]
    public void Device_tokens_carry_256_random_bits_every_bit_position_flipping_and_no_two_alike()
    {
        const int Count = 2000;
        var tokens = Enumerable.Range(0, Count).Select(_ => KioskDeviceToken.Create()).ToList();
        var ones = new int[256];
        foreach (var token in tokens)
        {
            var bytes = Convert.FromBase64String(token[4..].Replace('-', '+').Replace('_', '/') + "=");
            Assert.Equal(32, bytes.Length);
            for (var bit = 0; bit < 256; bit++)
            {
                ones[bit] += (bytes[bit / 8] >> (bit % 8)) & 1;
            }
        }

        Assert.Equal(Count, tokens.Distinct(StringComparer.Ordinal).Count());
        // Each bit is set about half the time: 1000 +- 6 standard deviations (~22) for 2000 fair coins, never stuck.
        Assert.All(ones, count => Assert.InRange(count, 865, 1135));
        // Only the hash is kept; it differs from the token and has SHA-256's size.
        Assert.Equal(32, KioskDeviceToken.Hash(tokens[0]).Length);
    }
}
