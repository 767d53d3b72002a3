using System.Buffers.Text;
using ServiceQueue.ServiceDefaults.Tickets;

namespace ServiceQueue.Tests.Security;

/// <summary>The ticket page's token (issue 17): its shape, and that it carries the full 256 bits of randomness.</summary>
public sealed class TicketHolderTokenTests
{
    [Fact]
    public void A_token_is_43_base64url_characters_that_decode_to_32_bytes_and_its_hash_is_64_lowercase_hex_digits()
    {
        var token = TicketHolderToken.Create();

        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(32, Base64Url.DecodeFromChars(token).Length);
        Assert.True(TicketHolderToken.IsWellFormed(token));
        Assert.Matches("^[0-9a-f]{64}$", TicketHolderToken.Hash(token));
        Assert.True(TicketHolderToken.IsHash(TicketHolderToken.Hash(token)));
        Assert.Equal(TicketHolderToken.Hash(token), TicketHolderToken.Hash(token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("A-042")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789a+")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789ab")]
    public void Anything_else_is_not_a_token(string? candidate)
    {
        Assert.False(TicketHolderToken.IsWellFormed(candidate));
    }

    [Fact]
    public void A_token_whose_last_character_carries_stray_bits_is_not_one_the_generator_makes()
    {
        // 43 characters hold 258 bits: in a token made from 32 bytes the last character's two low bits are zero,
        // so the next character of the alphabet spells the same bytes with a stray bit: a second spelling, refused.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var token = TicketHolderToken.Create();
        var last = alphabet.IndexOf(token[^1], StringComparison.Ordinal);
        Assert.Equal(0, last % 4);
        Assert.False(TicketHolderToken.IsWellFormed(token[..^1] + alphabet[last + 1]));
    }

    [Fact]
    public void Ten_thousand_tokens_are_all_different_and_every_bit_is_set_about_half_the_time()
    {
        const int count = 10_000;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ones = new int[TicketHolderToken.RandomBytes * 8];
        for (var i = 0; i < count; i++)
        {
            var token = TicketHolderToken.Create();
            Assert.True(seen.Add(token), "a token repeated");
            var bytes = Base64Url.DecodeFromChars(token);
            for (var bit = 0; bit < ones.Length; bit++)
            {
                ones[bit] += (bytes[bit / 8] >> (bit % 8)) & 1;
            }
        }

        // Each bit is a fair coin: 10,000 tosses land within 5,000 +/- 300 (6 standard deviations) unless the
        // generator is broken; a constant or counter-like bit (a sequence number, a clock) falls far outside.
        Assert.All(ones, n => Assert.InRange(n, 4_700, 5_300));
        // And the whole: Shannon entropy of the byte values over every token, near the 8 bits a byte can hold.
        var histogram = new long[256];
        foreach (var token in seen)
        {
            foreach (var b in Base64Url.DecodeFromChars(token))
            {
                histogram[b]++;
            }
        }

        var total = histogram.Sum();
        var entropy = -histogram.Where(n => n > 0).Sum(n => (double)n / total * Math.Log2((double)n / total));
        Assert.InRange(entropy, 7.99, 8.0);
    }

    [Fact]
    public void The_token_reveals_nothing_a_ticket_shows()
    {
        // Two tokens made one after the other share no prefix beyond chance: nothing sequential (an id, a time) leads them.
        var pairs = Enumerable.Range(0, 200).Select(_ => (TicketHolderToken.Create(), TicketHolderToken.Create()));
        var sharedPrefixes = pairs.Count(p => p.Item1[..3] == p.Item2[..3]);
        Assert.True(sharedPrefixes <= 1, $"{sharedPrefixes} of 200 consecutive pairs share their first 18 bits");
    }
}
