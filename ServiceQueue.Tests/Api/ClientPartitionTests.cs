extern alias api;

using System.Net;
using api::ServiceQueue.Api.RateLimiting;

namespace ServiceQueue.Tests.Api;

public sealed class ClientPartitionTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void An_address_is_counted_under_itself_for_IPv4_and_under_its_64_prefix_for_IPv6(string address, string partition) =>
        Assert.Equal(partition, ClientPartition.Of(IPAddress.Parse(address)));

    [Fact]
    public void A_request_without_an_address_is_counted_under_one_shared_key() =>
        Assert.Equal("unknown", ClientPartition.Of(null));
}
