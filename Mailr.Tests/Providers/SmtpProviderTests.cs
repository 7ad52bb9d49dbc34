using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Smtp;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Mailr.Tests.Providers;

/// <summary>The Smtp provider against a real SMTP server (the SmtpServer package) started by the test.</summary>
public sealed class SmtpProviderTests
{
    private static readonly (string User, string Password) s_credentials = ("mailr", "s3cret-pass");

    [Fact]
    public async Task SendAsync_RichEmail_ServerReceivesEnvelopeAndExactMime()
    {
        await using var server = SmtpTestServer.Start();
        await using var provider = Provider(server.Port);

        var result = await provider.SendAsync(ProviderTestData.RichEmail(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Empty(result.Rejected);
        Assert.Empty(result.Deferred);
        var received = await server.NextMessageAsync();
        Assert.Equal("sender@example.com", received.From);
        Assert.Equal(["zoe@xn--bcher-kva.example", "bob@example.com", "carol@example.com", "dave@example.com"], received.To);
        var message = received.Message;
        Assert.Equal(result.ProviderMessageId, message.MessageId);
        Assert.Equal([("Mailr Sender", "sender@example.com")], message.From.Mailboxes.Select(m => (m.Name, m.Address)));
        Assert.Equal([("Zoë Ångström", "zoe@bücher.example"), ("Bob \"The Builder\"", "bob@example.com")], message.To.Mailboxes.Select(m => (m.Name, m.Address)));
        Assert.Contains("<zoe@xn--bcher-kva.example>", message.Headers[HeaderId.To], StringComparison.Ordinal);
        Assert.Equal(["carol@example.com"], message.Cc.Mailboxes.Select(m => m.Address));
        Assert.Empty(message.Bcc);
        Assert.False(message.Headers.Contains(HeaderId.Bcc));
        Assert.Equal("Grüße from Mailr", message.Subject);
        Assert.Equal(["replies@example.com", "help@example.com"], message.ReplyTo.Mailboxes.Select(m => m.Address));
        Assert.Equal("spring-2026", message.Headers["X-Campaign"]);
        Assert.Equal("Hello Zoë,\nthis is line two.", message.TextBody!.ReplaceLineEndings("\n"));
        Assert.Equal("<p>Hello Zoë</p>", message.HtmlBody!.ReplaceLineEndings("\n"));
        Assert.Equal("multipart/mixed", message.Body!.ContentType.MimeType);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("invoice.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(ProviderTestData.PdfBytes, content.ToArray());
    }

    [Fact]
    public async Task SendAsync_OneOfThreeRecipientsRefused550_RejectsOnlyThatRecipient()
    {
        await using var server = SmtpTestServer.Start();
        await using var provider = Provider(server.Port);
        server.Answer("bob@example.com", 550);

        var result = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal("bob@example.com", rejected.Address);
        Assert.StartsWith("550 ", rejected.Reason, StringComparison.Ordinal);
        Assert.Empty(result.Deferred);
        Assert.Equal(["zoe@xn--bcher-kva.example", "carol@example.com"], (await server.NextMessageAsync()).To);
    }

    [Fact]
    public async Task SendAsync_Recipient451ThenRetried_DefersItThenDeliversIt()
    {
        await using var server = SmtpTestServer.Start();
        await using var provider = Provider(server.Port);
        server.Answer("carol@example.com", 451);

        var first = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);
        var firstReceived = await server.NextMessageAsync();
        var retry = await provider.SendAsync(ThreeRecipients() with { To = [], Cc = [ProviderTestData.Carol] }, CancellationToken.None);
        var retryReceived = await server.NextMessageAsync();

        Assert.Equal(OutcomeClass.Sent, first.Outcome);
        Assert.Empty(first.Rejected);
        var deferred = Assert.Single(first.Deferred);
        Assert.Equal("carol@example.com", deferred.Address);
        Assert.StartsWith("451 ", deferred.Reason, StringComparison.Ordinal);
        Assert.Equal(["zoe@xn--bcher-kva.example", "bob@example.com"], firstReceived.To);
        Assert.Equal((OutcomeClass.Sent, 0, 0), (retry.Outcome, retry.Rejected.Count, retry.Deferred.Count));
        Assert.Equal(["carol@example.com"], retryReceived.To);
    }

    [Fact]
    public async Task SendAsync_EveryRecipientRefused550_FailsEveryRecipientOnly()
    {
        await using var server = SmtpTestServer.Start();
        await using var provider = Provider(server.Port);
        server.Answer("zoe@xn--bcher-kva.example", 550);
        server.Answer("bob@example.com", 550);
        server.Answer("carol@example.com", 451);

        var result = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Null(result.ProviderMessageId);
        Assert.Equal(["zoe@bücher.example", "bob@example.com"], result.Rejected.Select(r => r.Address));
        Assert.Equal(["carol@example.com"], result.Deferred.Select(r => r.Address));
        Assert.Empty(server.TakeReceived());
    }

    [Fact]
    public async Task SendAsync_EveryRecipientRefused451_IsRetryable()
    {
        await using var server = SmtpTestServer.Start();
        await using var provider = Provider(server.Port);
        server.Answer("zoe@xn--bcher-kva.example", 451);
        server.Answer("bob@example.com", 451);
        server.Answer("carol@example.com", 451);

        var result = await provider.SendAsync(ThreeRecipients(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Retryable, result.Outcome);
        Assert.StartsWith("every recipient was refused for now: 451 ", result.Detail, StringComparison.Ordinal);
        Assert.Empty(server.TakeReceived());
    }

    [Fact]
    public async Task SendAsync_RightCredentials_AuthenticatesAndSends()
    {
        await using var server = SmtpTestServer.Start(s_credentials);
        await using var provider = Provider(server.Port, s_credentials.User, s_credentials.Password);

        var result = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Equal("mailr", (await server.NextMessageAsync()).User);
    }

    [Fact]
    public async Task SendAsync_AuthRefused535_DisablesProvider()
    {
        await using var server = SmtpTestServer.Start(s_credentials);
        await using var provider = Provider(server.Port, s_credentials.User, "wrong-password");

        var result = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Disabled, result.Outcome);
        Assert.StartsWith("AUTH was refused: 535 ", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", result.Detail, StringComparison.Ordinal);
        Assert.Empty(server.TakeReceived());
    }

    [Fact]
    public async Task SendAsync_ServerWantsAuthButNoUserName_DisablesProvider()
    {
        await using var server = SmtpTestServer.Start(s_credentials);
        await using var provider = Provider(server.Port);

        var result = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Disabled, result.Outcome);
        Assert.Empty(server.TakeReceived());
    }

    [Fact]
    public async Task SendAsync_TwoSends_ReuseOneConnection()
    {
        await using var server = SmtpTestServer.Start(s_credentials);
        await using var provider = Provider(server.Port, s_credentials.User, s_credentials.Password);

        var first = await provider.SendAsync(ProviderTestData.Email("msg-0001"), CancellationToken.None);
        var second = await provider.SendAsync(ProviderTestData.Email("msg-0002"), CancellationToken.None);

        Assert.Equal([OutcomeClass.Sent, OutcomeClass.Sent], [first.Outcome, second.Outcome]);
        Assert.NotEqual(first.ProviderMessageId, second.ProviderMessageId);
        Assert.Equal(2, server.TakeReceived().Count);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task SendAsync_ConcurrentSends_TakeTurnsOnOneConnection()
    {
        await using var server = SmtpTestServer.Start();
        await using var provider = Provider(server.Port);

        var results = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => provider.SendAsync(ProviderTestData.Email($"msg-{i}"), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(OutcomeClass.Sent, r.Outcome));
        Assert.Equal(5, server.TakeReceived().Count);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task SendAsync_StartTlsWithTrustedCertificate_AuthenticatesOverTls()
    {
        using var certificate = SmtpTestServer.SelfSignedCertificate();
        await using var server = SmtpTestServer.StartWithTls(certificate, implicitTls: false, s_credentials);
        await using var provider = Provider(server.Port, s_credentials.User, s_credentials.Password, "StartTls", Trusting(certificate));

        var result = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Equal("mailr", (await server.NextMessageAsync()).User);
    }

    [Fact]
    public async Task SendAsync_ImplicitTlsWithTrustedCertificate_Sends()
    {
        using var certificate = SmtpTestServer.SelfSignedCertificate();
        await using var server = SmtpTestServer.StartWithTls(certificate, implicitTls: true, s_credentials);
        await using var provider = Provider(server.Port, s_credentials.User, s_credentials.Password, "SslOnConnect", Trusting(certificate));

        var result = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Equal("mailr", (await server.NextMessageAsync()).User);
    }

    [Fact]
    public async Task SendAsync_StartTlsWithUntrustedCertificate_IsRetryableAndSendsNothing()
    {
        using var certificate = SmtpTestServer.SelfSignedCertificate();
        await using var server = SmtpTestServer.StartWithTls(certificate, implicitTls: false, s_credentials);
        await using var provider = Provider(server.Port, s_credentials.User, s_credentials.Password, "StartTls");

        var result = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Retryable, result.Outcome);
        Assert.StartsWith("the TLS handshake failed", result.Detail, StringComparison.Ordinal);
        Assert.Empty(server.TakeReceived());
    }

    [Fact]
    public async Task DisposeAsync_AfterSend_ClosesTheConnection()
    {
        await using var server = SmtpTestServer.Start();
        var provider = Provider(server.Port);
        await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        await provider.DisposeAsync();

        await server.SessionClosedAsync();
        Assert.Equal(1, server.Connections);
    }

    internal static SmtpProvider Provider(int port, string? userName = null, string? password = null, string security = "None",
        RemoteCertificateValidationCallback? certificateValidation = null) =>
        new(new ProviderOptions { Type = "Smtp", Host = "127.0.0.1", Port = port, Security = security, UserName = userName, Password = password },
            NullLogger<SmtpProvider>.Instance, certificateValidation);

    private static OutgoingEmail ThreeRecipients() =>
        ProviderTestData.Email() with { To = [ProviderTestData.Zoe, ProviderTestData.Bob], Cc = [ProviderTestData.Carol], Bcc = [] };

    private static RemoteCertificateValidationCallback Trusting(X509Certificate2 certificate) =>
        (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString();
}
