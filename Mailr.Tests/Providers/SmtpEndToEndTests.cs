
namespace Mailr.Tests.Providers;

/// <summary>The real program with the Smtp provider: POST /messages, a real SMTP server takes it, /status says so.</summary>
public sealed class SmtpEndToEndTests
{
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task PostMessages_SmtpProvider_ServerReceivesItAndStatusIsSent()
    {
        await using var server = SmtpTestServer.Start();
        await using var factory = Factory(server.Port);
        using var client = factory.CreateClient();

        var id = await client.PostMessageAsync();
        await factory.Recorder.WaitFinishedAsync(id);
        var received = await server.NextMessageAsync();

        Assert.Equal("amit@example.com", received.From);
        Assert.Equal(["nishant@example.com", "deepak@example.com", "jay@example.com", "sagar@example.com"], received.To);
        Assert.Equal("Hello", received.Message.Subject);
        Assert.Equal("Testing some Mailr awesomeness!", received.Message.TextBody!.TrimEnd());
        Assert.Empty(received.Message.Bcc);
        Assert.Equal("sent", await client.StatusAsync(id, "nishant@example.com"));
        Assert.Equal("sent", await client.StatusAsync(id, "Jay Patel <jay@example.com>"));
    }

    [Fact]
    public async Task PostMessages_OneRecipient550OneRecipient451_RefusedFailsDeferredSentNextRound()
    {
        await using var server = SmtpTestServer.Start();
        server.Answer("deepak@example.com", 550);
        server.Answer("jay@example.com", 451);
        var clock = new GrainClock();
        await using var factory = Factory(server.Port, clock);
        using var client = factory.CreateClient();
        var retryAt = clock.GetUtcNow() + s_retryDelay;

        var id = await client.PostMessageAsync();
        await clock.WhenArmedAsync(id, retryAt);
        await clock.AdvanceAsync(s_retryDelay);
        await factory.Recorder.WaitFinishedAsync(id);
        var first = await server.NextMessageAsync();
        var retry = await server.NextMessageAsync();

        Assert.Equal(["nishant@example.com", "sagar@example.com"], first.To);
        Assert.Equal(["jay@example.com"], retry.To);
        Assert.Equal([OutcomeClass.Sent, OutcomeClass.Sent], factory.Recorder.AttemptsFor(id).Select(a => a.Outcome));
        Assert.Equal(retryAt, factory.Recorder.AttemptsFor(id)[1].At);
        Assert.Equal("sent", await client.StatusAsync(id, "nishant@example.com"));
        Assert.Equal("failed", await client.StatusAsync(id, "deepak@example.com"));
        Assert.Equal("sent", await client.StatusAsync(id, "jay@example.com"));
        Assert.Equal("sent", await client.StatusAsync(id, "sagar@example.com"));
        Assert.Equal(1, server.Connections);
    }

    private static MailrApiFactory Factory(int port, TimeProvider? clock = null) => new(new Dictionary<string, string?>
    {
        ["Mailr:Providers:0:Type"] = "Smtp",
        ["Mailr:Providers:0:Host"] = "127.0.0.1",
        ["Mailr:Providers:0:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mailr:Providers:0:Security"] = "None",
        ["Mailr:Providers:0:Directory"] = null,
        ["Mailr:Retry:Delays:0"] = "00:00:01",
    }, s => s.AddKeyedSingleton(GrainNames.Clock, clock ?? TimeProvider.System));

}
