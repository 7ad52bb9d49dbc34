using WireMock.Server;

namespace Mailr.Tests.Providers;

/// <summary>The remote contract for an HTTP API, against a WireMock stub.</summary>
public abstract class HttpProviderContractTests(string providerType) : RemoteProviderContractTests(providerType)
{
    private WireMockServer? _server;

    /// <summary>The stub, started on first use (the coverage test builds these classes without running them).</summary>
    protected WireMockServer Server => _server ??= WireMockServer.Start();

    protected override string RefusedConnectionDetail => "could not connect: ConnectionError";

    /// <summary>The one request the stub received.</summary>
    protected WireMock.IRequestMessage Received => Assert.Single(Server.LogEntries).RequestMessage!;

    protected static string Header(WireMock.IRequestMessage request, string name) =>
        Assert.Single(request.Headers!.Single(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value);

    public override void Dispose()
    {
        _server?.Stop();
        _server?.Dispose();
        base.Dispose();
    }
}
