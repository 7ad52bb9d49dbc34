using System.Collections.Concurrent;
using System.Diagnostics;
using Mailr.Grains.Telemetry;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace Mailr.Tests.Telemetry;

public sealed class TracingTests : IDisposable
{
    private readonly WireMockServer _mailgun = WireMockServer.Start();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _mailgun.Stop();
        _mailgun.Dispose();
    }

    [Fact]
    public async Task PostMessage_OneSend_TraceRunsFromHttpThroughGrainToProviderCall()
    {
        _mailgun.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json").WithBody("""{"id":"<trace@mg.example.com>","message":"Queued. Thank you."}"""));
        await using var factory = new MailrApiFactory(new Dictionary<string, string?>
        {
            ["Mailr:Providers:0:Type"] = "Mailgun",
            ["Mailr:Providers:0:Name"] = "mailgun-trace",
            ["Mailr:Providers:0:BaseUrl"] = _mailgun.Url,
            ["Mailr:Providers:0:ApiKey"] = "key-trace",
            ["Mailr:Providers:0:Domain"] = "mg.example.com",
        });

        var id = await factory.CreateClient().PostMessageAsync();
        await factory.Recorder.WaitFinishedAsync(id);

        var mailr = _stopped.Where(a => a.Source.Name == MailrTelemetry.SourceName && (string?)a.GetTagItem(MailrTelemetry.MessageIdTag) == id).ToList();
        var accept = Assert.Single(mailr, a => a.OperationName == "mailr.accept");
        var send = Assert.Single(mailr, a => a.OperationName == "mailr.send");
        Assert.Equal("mailgun-trace", send.GetTagItem(MailrTelemetry.ProviderTag));
        Assert.Equal("Sent", send.GetTagItem(MailrTelemetry.OutcomeTag));
        Assert.Equal(accept.SpanId, send.ParentSpanId);
        var trace = _stopped.Where(a => a.TraceId == accept.TraceId).ToList();
        Assert.Contains(trace, a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server);
        var providerCall = Assert.Single(trace, a => a.Kind == ActivityKind.Client && a.ParentSpanId == send.SpanId);
        Assert.Equal("POST", providerCall.GetTagItem("http.request.method"));
    }
}
