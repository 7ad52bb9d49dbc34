using Mailr.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace Mailr.Tests.Operations;

public sealed class GracefulShutdownTests : IDisposable
{
    private const string MessagesPath = "/v3/mg.example.com/messages";

    private readonly WireMockServer _mailgun = WireMockServer.Start();

    public void Dispose()
    {
        _mailgun.Stop();
        _mailgun.Dispose();
    }

    [Fact]
    public void Host_ShutdownTimeout_ThirtySeconds()
    {
        using var factory = new MailrApiFactory();

        var options = factory.Services.GetRequiredService<IOptions<HostOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(30), options.ShutdownTimeout);
        Assert.Equal(OperationsExtensions.ShutdownTimeout, options.ShutdownTimeout);
    }

    [Fact]
    public async Task StopAsync_ProviderCallInFlight_CallFinishesAndIsRecordedBeforeExit()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _mailgun.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create()
                .WithCallback(_ =>
                {
                    received.TrySetResult();
                    return new WireMock.ResponseMessage
                    {
                        StatusCode = 200,
                        Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
                        BodyData = new WireMock.Util.BodyData
                        {
                            BodyAsString = """{"id":"<shutdown@mg.example.com>","message":"Queued. Thank you."}""",
                            DetectedBodyType = WireMock.Types.BodyType.String,
                        },
                    };
                })
                .WithDelay(TimeSpan.FromSeconds(2)));
        var factory = new MailrApiFactory(new Dictionary<string, string?>
        {
            ["Mailr:Providers:0:Type"] = "Mailgun",
            ["Mailr:Providers:0:BaseUrl"] = _mailgun.Url,
            ["Mailr:Providers:0:ApiKey"] = "key-shutdown",
            ["Mailr:Providers:0:Domain"] = "mg.example.com",
        });
        var id = await factory.CreateClient().PostMessageAsync();
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await factory.DisposeAsync();

        var attempt = Assert.Single(factory.Recorder.AttemptsFor(id));
        Assert.Equal(OutcomeClass.Sent, attempt.Outcome);
        Assert.Equal("<shutdown@mg.example.com>", attempt.ProviderMessageId);
        Assert.Single(_mailgun.LogEntries);
    }
}
