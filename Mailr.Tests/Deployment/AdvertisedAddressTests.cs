using System.Net;
using System.Net.Sockets;
using Mailr.Silo.Configuration;

namespace Mailr.Tests.Deployment;

public sealed class AdvertisedAddressTests
{
    [Fact]
    public void Resolve_Auto_ThisHostsNonLoopbackIPv4()
    {
        var address = AdvertisedAddress.Resolve("auto", inContainer: false);

        Assert.Equal(AddressFamily.InterNetwork, address.AddressFamily);
        Assert.False(IPAddress.IsLoopback(address));
        Assert.Equal(AdvertisedAddress.OwnAddress(), address);
    }

    [Fact]
    public void Resolve_UnsetInContainer_OwnAddress()
    {
        Assert.Equal(AdvertisedAddress.OwnAddress(), AdvertisedAddress.Resolve(null, inContainer: true));
    }

    [Fact]
    public void Resolve_UnsetOutsideContainer_Loopback()
    {
        Assert.Equal(IPAddress.Loopback, AdvertisedAddress.Resolve("", inContainer: false));
    }

    [Fact]
    public void Resolve_Literal_ThatAddress()
    {
        Assert.Equal(IPAddress.Parse("10.1.2.3"), AdvertisedAddress.Resolve("10.1.2.3", inContainer: true));
    }

    [Fact]
    public void Resolve_NotAnAddress_ThrowsNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AdvertisedAddress.Resolve("silo-1", inContainer: false));

        Assert.Equal("Orleans:AdvertisedIPAddress is 'silo-1'; expected an IP address or 'auto'.", error.Message);
    }
}
