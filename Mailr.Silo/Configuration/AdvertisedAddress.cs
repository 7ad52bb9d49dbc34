using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Mailr.Silo.Configuration;

/// <summary>
/// The address other silos use to reach this one (<c>Orleans:AdvertisedIPAddress</c>). Replicas of
/// one compose service share their environment, so <c>auto</c> (or nothing, inside a container)
/// means this host's own IPv4 address.
/// </summary>
public static class AdvertisedAddress
{
    public const string Auto = "auto";

    public static IPAddress Resolve(string? configured, bool inContainer)
    {
        if (string.Equals(configured, Auto, StringComparison.OrdinalIgnoreCase) || (string.IsNullOrWhiteSpace(configured) && inContainer))
        {
            return OwnAddress();
        }

        if (string.IsNullOrWhiteSpace(configured))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(configured, out var address)
            ? address
            : throw new InvalidOperationException(
                $"{ConfigurationKeys.OrleansSection}:{ConfigurationKeys.AdvertisedIPAddress} is '{configured}'; expected an IP address or '{Auto}'.");
    }

    /// <summary>The host name's address when it is not loopback (Docker), else the first up interface's IPv4.</summary>
    public static IPAddress OwnAddress()
    {
        var fromDns = Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(IsUsable);
        var fromInterfaces = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(IsUsable);
        return fromDns ?? fromInterfaces ?? throw new InvalidOperationException(
            $"{ConfigurationKeys.OrleansSection}:{ConfigurationKeys.AdvertisedIPAddress} is '{Auto}', but this host has no non-loopback IPv4 address.");
    }

    private static bool IsUsable(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address);
}
