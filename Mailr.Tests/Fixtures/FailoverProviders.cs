using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace Mailr.Tests.Fixtures;

/// <summary>Provider 0 is a Mailgun stub that always answers 503, provider 1 is Pickup: every message fails over once.</summary>
public sealed class FailoverProviders : IDisposable
{
    public const string FailingName = "Mailgun-EU";
    public const string PickupName = "Pickup-Backup";

    private readonly WireMockServer _mailgun = WireMockServer.Start();

    public FailoverProviders()
    {
        _mailgun.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("Mailgun is over capacity"));
    }

    public string PickupDirectory { get; } = Directory.CreateTempSubdirectory("mailr-pickup-").FullName;

    public Dictionary<string, string?> Settings() => new()
    {
        ["Mailr:Providers:0:Type"] = "Mailgun",
        ["Mailr:Providers:0:Name"] = FailingName,
        ["Mailr:Providers:0:ApiKey"] = "key-test",
        ["Mailr:Providers:0:Domain"] = "mg.example.com",
        ["Mailr:Providers:0:BaseUrl"] = _mailgun.Url,
        ["Mailr:Providers:1:Type"] = "Pickup",
        ["Mailr:Providers:1:Name"] = PickupName,
        ["Mailr:Providers:1:Directory"] = PickupDirectory,
    };

    public void Dispose()
    {
        _mailgun.Stop();
        _mailgun.Dispose();
        Directory.Delete(PickupDirectory, recursive: true);
    }
}
