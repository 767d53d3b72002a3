using System.Net;
using System.Net.Sockets;

namespace ServiceQueue.Api.RateLimiting;

/// <summary>
/// The key a client's requests are counted under. An IPv4 address is one client. An IPv6 client is
/// usually handed a whole /64 and can pick a fresh address in it for every request, so its addresses
/// are counted together under their /64 prefix; an IPv4 address written in IPv6 form counts as itself.
/// </summary>
internal static class ClientPartition
{
    private const int IPv6PrefixBytes = 8;

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[IPv6PrefixBytes..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
