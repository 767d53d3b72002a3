using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Tests.Security;

public sealed class BlindIndexTests
{
    [Theory]
    [InlineData(BlindIndexKind.Email, " Ana.Lima@Example.COM ", "ana.lima@example.com")]
    [InlineData(BlindIndexKind.Phone, "+55 (11) 99999-0000", "5511999990000")]
    [InlineData(BlindIndexKind.Document, "123.456.789-09", "12345678909")]
    [InlineData(BlindIndexKind.Document, "ab-12 34", "AB1234")]
    public void Spellings_of_the_same_value_get_the_same_index(BlindIndexKind kind, string written, string canonical)
    {
        var index = IndexWith(TestKeys.New());

        Assert.Equal(index.Compute(kind, canonical), index.Compute(kind, written));
        Assert.Equal(BlindIndex.Size, index.Compute(kind, written).Length);
    }

    [Fact]
    public void Different_values_kinds_and_keys_get_different_indexes()
    {
        var key = TestKeys.New();
        var index = IndexWith(key);

        Assert.NotEqual(index.Compute(BlindIndexKind.Email, "ana@example.com"), index.Compute(BlindIndexKind.Email, "ana@example.org"));
        Assert.NotEqual(index.Compute(BlindIndexKind.Phone, "123"), index.Compute(BlindIndexKind.Document, "123"));
        Assert.NotEqual(index.Compute(BlindIndexKind.Email, "ana@example.com"), IndexWith(TestKeys.New()).Compute(BlindIndexKind.Email, "ana@example.com"));
        Assert.Equal(index.Compute(BlindIndexKind.Email, "ana@example.com"), IndexWith(key).Compute(BlindIndexKind.Email, "ana@example.com"));
    }

    private static BlindIndex IndexWith(string key) =>
        new(Options.Create(new EncryptionOptions { ActiveKeyId = "k1", Keys = { ["k1"] = TestKeys.New() }, BlindIndexKey = key }));
}
