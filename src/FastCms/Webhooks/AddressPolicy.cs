using System.Net;
using System.Net.Sockets;

namespace FastCms.Webhooks;

/// <summary>
/// Decides whether a webhook may connect to a resolved address: public unicast addresses only, unless the allow-list
/// names the address. Applied to every address a name resolves to, at connect time, so DNS cannot smuggle an internal
/// address past a check made earlier on the name.
/// </summary>
internal static class AddressPolicy
{
    private static readonly (IPNetwork Network, string Reason)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "a 'this network' address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (cloud metadata lives here)"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol address"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "the unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("::/96"), "an IPv4-compatible address"),
        (IPNetwork.Parse("64:ff9b::/96"), "a NAT64 address"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "a NAT64 address"),
        (IPNetwork.Parse("100::/64"), "a discard address"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
        (IPNetwork.Parse("2002::/16"), "a 6to4 address"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local address (cloud metadata lives here too)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    /// <summary>Why <paramref name="address"/> may not be connected to, or <c>null</c> when it may.</summary>
    public static string? Check(IPAddress address, IReadOnlyList<IPNetwork> allowed)
    {
        // ::ffff:127.0.0.1 reaches 127.0.0.1: judge (and allow-list) the IPv4 address it carries.
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        foreach (var network in allowed)
        {
            if (network.Contains(address))
            {
                return null;
            }
        }

        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return "not an IP address";
        }

        if (address.Equals(IPAddress.Broadcast))
        {
            return "the broadcast address";
        }

        foreach (var (network, reason) in Refused)
        {
            if (network.Contains(address))
            {
                return reason;
            }
        }

        return null;
    }
}
