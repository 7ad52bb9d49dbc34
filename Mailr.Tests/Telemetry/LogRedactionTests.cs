using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace Mailr.Tests.Telemetry;

public sealed class LogRedactionTests : IDisposable
{
    private const string BodyCanary = "canary-body-7d1f0c5e9b";
    private const string KeyCanary = "key-canary-3f9a2b71c4e8";

    private readonly WireMockServer _mailgun = WireMockServer.Start();

    public void Dispose()
    {
        _mailgun.Stop();
        _mailgun.Dispose();
    }

    [Fact]
    public async Task Logs_SendRejectedWith401ThenFailedOver_NeitherBodyNorApiKeyLogged()
    {
        _mailgun.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(401));
        var logs = new CapturedLogs();
        await using var factory = new MailrApiFactory(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:Orleans"] = "Debug",
                ["Mailr:Providers:0:Type"] = "Mailgun",
                ["Mailr:Providers:0:BaseUrl"] = _mailgun.Url,
                ["Mailr:Providers:0:ApiKey"] = KeyCanary,
                ["Mailr:Providers:0:Domain"] = "mg.example.com",
                ["Mailr:Providers:1:Type"] = "Pickup",
                ["Mailr:Providers:1:Directory"] = Path.Combine(Path.GetTempPath(), $"mailr-canary-{Guid.NewGuid():N}"),
            },
            services => services.AddLogging(l => l.AddProvider(logs)));

        var response = await factory.CreateClient().PostAsync("/messages", Json.Body(new
        {
            from = "amit@example.com",
            to = new[] { "nishant@example.com" },
            subject = "Hello",
            text = BodyCanary,
        }));
        var id = await Json.IdAsync(response);
        await factory.Recorder.WaitFinishedAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal([OutcomeClass.Disabled, OutcomeClass.Sent], factory.Recorder.AttemptsFor(id).Select(a => a.Outcome));
        Assert.Single(_mailgun.LogEntries);
        Assert.Contains(logs.Entries, e => e.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Contains(BodyCanary, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Contains(KeyCanary, StringComparison.Ordinal));
    }
}
