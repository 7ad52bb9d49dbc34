using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Tests.Web;

/// <summary>Mailr on a real Kestrel socket (a free port on loopback), for a real browser.</summary>
public sealed class MailrWebServer : MailrApiFactory
{
    public MailrWebServer(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
        : base(settings, services)
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
    }

    public Uri BaseAddress { get; }
}
