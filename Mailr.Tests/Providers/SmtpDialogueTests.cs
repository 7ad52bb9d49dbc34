using Mailr.Grains.Providers.Smtp;

namespace Mailr.Tests.Providers;

/// <summary>
/// The Smtp provider against a scripted SMTP server that answers (or drops the connection) at an exact
/// step: every reply class of PROVIDERS.md (C.7) at every stage maps to one outcome.
/// </summary>
public sealed class SmtpDialogueTests
{
    private const string User = "mailr";
    private const string Password = "pw-not-in-details";

    [Theory]
    [InlineData(ScriptedSmtpServer.Greeting, "421 4.3.2 busy, try later", OutcomeClass.Retryable)]
    [InlineData(ScriptedSmtpServer.Greeting, "554 5.3.2 no SMTP service here", OutcomeClass.Retryable)]
    [InlineData("EHLO", "421 4.3.2 shutting down", OutcomeClass.Retryable, "the connection was lost at Connect")]
    [InlineData("AUTH", "535 5.7.8 authentication credentials invalid", OutcomeClass.Disabled)]
    [InlineData("AUTH", "534 5.7.9 authentication mechanism is too weak", OutcomeClass.Disabled, "AUTH was refused")]
    [InlineData("AUTH", "530 5.7.0 must issue a STARTTLS command first", OutcomeClass.Disabled)]
    [InlineData("AUTH", "454 4.7.0 temporary authentication failure", OutcomeClass.Retryable)]
    [InlineData("MAIL", "421 4.4.2 closing the connection", OutcomeClass.Retryable)]
    [InlineData("MAIL", "450 4.2.0 mailbox busy", OutcomeClass.Retryable)]
    [InlineData("MAIL", "451 4.3.0 local error, try later", OutcomeClass.Retryable)]
    [InlineData("MAIL", "452 4.3.1 insufficient system storage", OutcomeClass.Retryable)]
    [InlineData("MAIL", "454 4.7.0 throttled", OutcomeClass.Retryable)]
    [InlineData("MAIL", "530 5.7.0 authentication required", OutcomeClass.Disabled)]
    [InlineData("MAIL", "550 5.7.1 sender refused", OutcomeClass.Permanent)]
    [InlineData("MAIL", "553 5.1.8 sender domain does not exist", OutcomeClass.Permanent)]
    [InlineData("MAIL", "554 5.7.1 policy rejection", OutcomeClass.Permanent)]
    [InlineData("RCPT TO:<carol@", "421 4.4.2 closing the connection", OutcomeClass.Retryable, "the connection was lost at MailFrom")]
    [InlineData("DATA", "421 4.4.2 closing the connection", OutcomeClass.Retryable)]
    [InlineData("DATA", "451 4.3.0 try later", OutcomeClass.Retryable)]
    [InlineData("DATA", "554 5.5.1 no valid recipients", OutcomeClass.Permanent)]
    [InlineData(ScriptedSmtpServer.EndOfData, "250 2.0.0 queued as A1B2", OutcomeClass.Sent)]
    [InlineData(ScriptedSmtpServer.EndOfData, "421 4.4.2 closing the connection", OutcomeClass.Retryable)]
    [InlineData(ScriptedSmtpServer.EndOfData, "451 4.3.0 local error in processing", OutcomeClass.Retryable)]
    [InlineData(ScriptedSmtpServer.EndOfData, "452 4.3.1 insufficient system storage", OutcomeClass.Retryable)]
    [InlineData(ScriptedSmtpServer.EndOfData, "550 5.7.1 message refused as spam", OutcomeClass.Permanent)]
    [InlineData(ScriptedSmtpServer.EndOfData, "552 5.3.4 message too big", OutcomeClass.Permanent)]
    [InlineData(ScriptedSmtpServer.EndOfData, "554 5.7.1 rejected", OutcomeClass.Permanent)]
    [InlineData(ScriptedSmtpServer.Greeting, ScriptedSmtpServer.Drop, OutcomeClass.Retryable)]
    [InlineData("EHLO", ScriptedSmtpServer.Drop, OutcomeClass.Retryable)]
    [InlineData("AUTH", ScriptedSmtpServer.Drop, OutcomeClass.Retryable)]
    [InlineData("MAIL", ScriptedSmtpServer.Drop, OutcomeClass.Retryable)]
    [InlineData("RCPT", ScriptedSmtpServer.Drop, OutcomeClass.Retryable)]
    [InlineData("DATA", ScriptedSmtpServer.Drop, OutcomeClass.Retryable)]
    [InlineData(ScriptedSmtpServer.EndOfData, ScriptedSmtpServer.Drop, OutcomeClass.Ambiguous)]
    public async Task SendAsync_ReplyOrDropAtStep_ReturnsDocumentedClass(string step, string reply, OutcomeClass outcome, string? detail = null)
    {
        await using var server = new ScriptedSmtpServer(line => line.StartsWith(step, StringComparison.OrdinalIgnoreCase) ? reply : null);
        await using var provider = SmtpProviderTests.Provider(server.Port, User, Password);

        var result = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        Assert.Equal(outcome, result.Outcome);
        Assert.Empty(result.Rejected);
        Assert.Empty(result.Deferred);
        if (outcome != OutcomeClass.Sent)
        {
            Assert.NotNull(result.Detail);
            Assert.DoesNotContain(Password, result.Detail, StringComparison.Ordinal);
            Assert.Contains(detail ?? (reply == ScriptedSmtpServer.Drop ? "the connection was lost" : reply[..3]), result.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendAsync_EachRcptAnsweredOnItsOwn_Fails550DefersThe4xxSendsTheRest()
    {
        await using var server = new ScriptedSmtpServer(line => line switch
        {
            _ when line.StartsWith("RCPT TO:<bob@", StringComparison.Ordinal) => "550 5.1.1 no such user",
            _ when line.StartsWith("RCPT TO:<carol@", StringComparison.Ordinal) => "450 4.2.1 greylisted, come back later",
            _ when line.StartsWith("RCPT TO:<dave@", StringComparison.Ordinal) => "553 5.1.3 bad address syntax",
            _ => null,
        });
        await using var provider = SmtpProviderTests.Provider(server.Port);

        var result = await provider.SendAsync(ThreeRecipients() with { Bcc = [ProviderTestData.Dave] }, CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Equal([new RecipientRejection("bob@example.com", "550 5.1.1 no such user"), new RecipientRejection("dave@example.com", "553 5.1.3 bad address syntax")], result.Rejected);
        Assert.Equal([new RecipientRejection("carol@example.com", "450 4.2.1 greylisted, come back later")], result.Deferred);
        Assert.Equal(["RCPT TO:<zoe@xn--bcher-kva.example>", "RCPT TO:<bob@example.com>", "RCPT TO:<carol@example.com>", "RCPT TO:<dave@example.com>", "DATA"],
            server.Lines.Where(l => l.StartsWith("RCPT", StringComparison.Ordinal) || l == "DATA"));
        Assert.Contains("Subject: =?utf-8?", await server.NextMessageAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_DropAfterFinalDot_IsAmbiguousThoughTheServerHasTheMessage()
    {
        await using var server = new ScriptedSmtpServer(line => line == ScriptedSmtpServer.EndOfData ? ScriptedSmtpServer.Drop : null);
        await using var provider = SmtpProviderTests.Provider(server.Port);

        var result = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Ambiguous, result.Outcome);
        Assert.Equal("the connection was lost at AfterData: SmtpProtocolException", result.Detail);
        Assert.Contains("Hello Zo", await server.NextMessageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_DropBeforeData_IsRetryableAndNextSendReconnects()
    {
        var dropped = 0;
        await using var server = new ScriptedSmtpServer(line => line == "DATA" && Interlocked.Exchange(ref dropped, 1) == 0 ? ScriptedSmtpServer.Drop : null);
        await using var provider = SmtpProviderTests.Provider(server.Port);

        var first = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);
        var retry = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Retryable, first.Outcome);
        Assert.Equal("the connection was lost at MailFrom: SmtpProtocolException", first.Detail);
        Assert.Equal(OutcomeClass.Sent, retry.Outcome);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task SendAsync_ServerDroppedIdleConnection_ReconnectsAndSends()
    {
        await using var server = new ScriptedSmtpServer();
        await using var provider = SmtpProviderTests.Provider(server.Port, User, Password);
        Assert.Equal(OutcomeClass.Sent, (await provider.SendAsync(ThreeRecipients(), CancellationToken.None)).Outcome);
        server.DropConnections();
        await server.ConnectionClosedAsync();

        var result = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Equal(2, server.Connections);
        Assert.Equal(2, server.Lines.Count(l => l.StartsWith("AUTH", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SendAsync_KeptConnection_ChecksItWithNoopAndReusesIt()
    {
        await using var server = new ScriptedSmtpServer();
        await using var provider = SmtpProviderTests.Provider(server.Port, User, Password);

        await provider.SendAsync(ThreeRecipients(), CancellationToken.None);
        await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        Assert.Equal(1, server.Connections);
        Assert.Equal(["EHLO", "AUTH", "MAIL", "RCPT", "RCPT", "RCPT", "DATA", "NOOP", "MAIL", "RCPT", "RCPT", "RCPT", "DATA"],
            server.Lines.Where(l => !l.StartsWith("RSET", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public async Task DisposeAsync_KeptConnection_SendsQuitAndCloses()
    {
        await using var server = new ScriptedSmtpServer();
        var provider = SmtpProviderTests.Provider(server.Port);
        await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        await provider.DisposeAsync();

        await server.ConnectionClosedAsync();
        Assert.Equal("QUIT", server.Lines[^1]);
    }

    [Fact]
    public async Task SendAsync_ServerOffersNoAuthButUserNameSet_DisablesProvider()
    {
        await using var server = new ScriptedSmtpServer(line => line.StartsWith("EHLO", StringComparison.Ordinal) ? "250-scripted\r\n250 8BITMIME" : null);
        await using var provider = SmtpProviderTests.Provider(server.Port, User, Password);

        var result = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Disabled, result.Outcome);
        Assert.DoesNotContain(server.Lines, l => l.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ScriptedSmtpServer.Greeting, OutcomeClass.Retryable, "Connect")]
    [InlineData("RCPT", OutcomeClass.Retryable, "MailFrom")]
    [InlineData("DATA", OutcomeClass.Retryable, "MailFrom")]
    [InlineData(ScriptedSmtpServer.EndOfData, OutcomeClass.Ambiguous, "AfterData")]
    public async Task SendAsync_ServerStopsAnsweringAtStep_EndsBeforeTheCallDeadlineWithTheStagesClass(string step, OutcomeClass outcome, string stage)
    {
        await using var server = new ScriptedSmtpServer(line => line.StartsWith(step, StringComparison.Ordinal) ? ScriptedSmtpServer.Hang : null);
        var options = new Mailr.Grains.Options.ProviderOptions { Type = "Smtp", Host = "127.0.0.1", Port = server.Port, Security = "None", Timeout = TimeSpan.FromSeconds(2.5) };
        await using var provider = new SmtpProvider(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<SmtpProvider>.Instance);

        var result = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        Assert.Equal((outcome, $"no answer within 2 s at {stage}"), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsRetryable()
    {
        await using var provider = SmtpProviderTests.Provider(ProviderTestData.ClosedPort());

        var result = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Retryable, result.Outcome);
        Assert.Equal("the connection was lost at Connect: SocketException", result.Detail);
    }

    private static OutgoingEmail ThreeRecipients() =>
        ProviderTestData.Email() with { To = [ProviderTestData.Zoe, ProviderTestData.Bob], Cc = [ProviderTestData.Carol], Bcc = [] };
}
