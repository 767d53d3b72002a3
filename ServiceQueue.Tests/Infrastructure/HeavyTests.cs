namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// Tests that boot a whole application (its own three servers and four services), drive a browser or
/// kill services in a loop run one at a time: two of them at once starve a two-core machine, and the
/// tests beside them then see timeouts that have nothing to do with what they check.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HeavyTests
{
    public const string Name = "Heavy: one at a time";
}
