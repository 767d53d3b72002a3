using ServiceQueue.ServiceDefaults.Grpc;

namespace ServiceQueue.Tests.Grpc;

/// <summary>The header encodings, checked against the values the specification gives.</summary>
public sealed class GrpcWireFormatTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("1n", 1L)]
    [InlineData("1000n", 10L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void Grpc_timeout_parses_every_unit(string header, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("-1S")]
    [InlineData("123456789S")]
    [InlineData("1.5S")]
    public void Grpc_timeout_rejects_malformed_values(string header) =>
        Assert.False(GrpcTimeout.TryParse(header, out _));

    [Theory]
    [InlineData(1L, "1m")]
    [InlineData(TimeSpan.TicksPerSecond * 30, "30000m")]
    [InlineData(TimeSpan.TicksPerDay * 2, "172800S")]
    public void Grpc_timeout_is_formatted_in_the_finest_unit_that_fits_rounding_up(long ticks, string expected) =>
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void Grpc_timeout_too_long_for_8_digits_of_seconds_uses_a_coarser_unit_and_is_never_shorter()
    {
        var tenYears = TimeSpan.FromDays(3650);

        var formatted = GrpcTimeout.Format(tenYears);

        Assert.Equal("5256000M", formatted);
        Assert.True(GrpcTimeout.TryParse(formatted, out var parsed));
        Assert.True(parsed >= tenYears);
    }

    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("100%", "100%25")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("é", "%C3%A9")]
    [InlineData("満", "%E6%BA%80")]
    public void Grpc_message_percent_encodes_bytes_outside_printable_ASCII_and_percent(string message, string encoded)
    {
        Assert.Equal(encoded, GrpcStatusMessage.Encode(message));
        Assert.Equal(message, GrpcStatusMessage.Decode(encoded));
    }

    [Theory]
    [InlineData("50%", "50%")]
    [InlineData("%zz ok", "%zz ok")]
    [InlineData("%4", "%4")]
    public void Grpc_message_decoding_keeps_malformed_escapes(string value, string expected) =>
        Assert.Equal(expected, GrpcStatusMessage.Decode(value));

    [Fact]
    public void Metadata_rejects_reserved_and_mismatched_keys()
    {
        var metadata = new GrpcMetadata();

        Assert.Throws<ArgumentException>(() => metadata.Add("grpc-status", "0"));
        Assert.Throws<ArgumentException>(() => metadata.Add("x-data-bin", "text"));
        Assert.Throws<ArgumentException>(() => metadata.Add("x-data", [1, 2]));
        Assert.Throws<ArgumentException>(() => metadata.Add("x-text", "line\nbreak"));
        Assert.Throws<ArgumentException>(() => metadata.Add("bad key", "v"));
    }
}
