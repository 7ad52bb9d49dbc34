using Mailr.Grains.Providers.Smtp;

namespace Mailr.Tests.Providers;

public sealed class SmtpRefusalTests
{
    [Theory]
    [InlineData(550, "5.1.1 <bob@example.com>: Recipient address rejected: User unknown", RefusalKind.Address)]
    [InlineData(550, "5.1.2 bad destination system address", RefusalKind.Address)]
    [InlineData(553, "5.1.3 bad destination mailbox address syntax", RefusalKind.Address)]
    [InlineData(550, "5.1.6 mailbox has moved, no forwarding address", RefusalKind.Address)]
    [InlineData(556, "5.1.10 recipient address has null MX", RefusalKind.Address)]
    [InlineData(550, "5.1.1 The email account that you tried to reach does not exist.\n5.1.1 Please try double-checking", RefusalKind.Address)]
    [InlineData(553, "5.1.7 bad sender's mailbox address syntax", RefusalKind.Provider)]
    [InlineData(550, "5.1.8 <sender@example.com>: Sender address rejected: Domain not found", RefusalKind.Provider)]
    [InlineData(550, "5.2.1 mailbox disabled, not accepting messages", RefusalKind.Address)]
    [InlineData(552, "5.2.2 The email account that you tried to reach is over quota", null)]
    [InlineData(550, "5.2.2 mailbox full", null)]
    [InlineData(552, "5.2.3 message length exceeds administrative limit", RefusalKind.Provider)]
    [InlineData(552, "5.3.4 message too big for system", RefusalKind.Provider)]
    [InlineData(550, "5.4.1 Recipient address rejected: Access denied", RefusalKind.Provider)]
    [InlineData(501, "5.5.4 invalid parameter", RefusalKind.Provider)]
    [InlineData(550, "5.7.1 <bob@example.com>: Relay access denied", RefusalKind.Provider)]
    [InlineData(554, "5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", RefusalKind.Provider)]
    [InlineData(550, "5.7.26 Unauthenticated email is not accepted from this domain", RefusalKind.Provider)]
    [InlineData(550, "5.0.0 <bob@example.com>: User unknown", RefusalKind.Address)]
    [InlineData(554, "5.0.0 transaction failed", RefusalKind.Provider)]
    [InlineData(550, "Requested action not taken: mailbox unavailable", RefusalKind.Address)]
    [InlineData(553, "Requested action not taken: mailbox name not allowed", RefusalKind.Address)]
    [InlineData(551, "User not local; please try <bob@example.org>", RefusalKind.Provider)]
    [InlineData(552, "Requested mail action aborted: exceeded storage allocation", null)]
    [InlineData(554, "Transaction failed", RefusalKind.Provider)]
    [InlineData(500, "Syntax error, command unrecognized", RefusalKind.Provider)]
    [InlineData(550, "5.1.1.2 not an enhanced code", RefusalKind.Address)]
    [InlineData(554, "4.1.1 class does not match the code", RefusalKind.Provider)]
    [InlineData(450, "4.2.1 greylisted, come back later", null)]
    [InlineData(452, "4.2.2 mailbox full", null)]
    [InlineData(451, "4.7.1 try again later", null)]
    public void ClassifyRecipient_RcptReply_ReturnsWhatItIsAbout(int code, string text, RefusalKind? kind) =>
        Assert.Equal(kind, SmtpReplyClassifier.ClassifyRecipient(code, text));

    [Fact]
    public async Task SendAsync_RcptRefusedForTheAddressAndByPolicy_RejectsOneAsAddressOneAsProviderDefersFullMailbox()
    {
        await using var server = new ScriptedSmtpServer(line => line switch
        {
            _ when line.StartsWith("RCPT TO:<bob@", StringComparison.Ordinal) => "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown",
            _ when line.StartsWith("RCPT TO:<carol@", StringComparison.Ordinal) => "550 5.7.1 <carol@example.com>: Relay access denied",
            _ when line.StartsWith("RCPT TO:<dave@", StringComparison.Ordinal) => "552 5.2.2 mailbox full",
            _ => null,
        });
        await using var provider = SmtpProviderTests.Provider(server.Port);

        var result = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Equal(
            [
                new RecipientRejection("bob@example.com", "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown", RefusalKind.Address),
                new RecipientRejection("carol@example.com", "550 5.7.1 <carol@example.com>: Relay access denied", RefusalKind.Provider),
            ],
            result.Rejected);
        Assert.Equal(["dave@example.com"], result.Deferred.Select(d => d.Address));
        Assert.Contains("Subject: =?utf-8?", await server.NextMessageAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("550 5.7.1 Relay access denied", OutcomeClass.Sent, RefusalKind.Provider)]
    [InlineData("550-5.1.1 The email account that you tried to reach does not exist.\r\n550 5.1.1 Please try double-checking", OutcomeClass.Sent, RefusalKind.Address)]
    [InlineData("552 5.2.2 mailbox full", OutcomeClass.Retryable, null)]
    public async Task SendAsync_EveryRcptRefused_RejectsEachByKindOrRetriesWhenAllAreForNow(string reply, OutcomeClass outcome, RefusalKind? kind)
    {
        await using var server = new ScriptedSmtpServer(line => line.StartsWith("RCPT", StringComparison.Ordinal) ? reply : null);
        await using var provider = SmtpProviderTests.Provider(server.Port);
        var email = ProviderTestData.Email() with { To = [ProviderTestData.Bob], Cc = [ProviderTestData.Carol], Bcc = [] };
        var expected = kind is { } k ? new[] { ("bob@example.com", k), ("carol@example.com", k) } : [];

        var result = await provider.SendAsync(email, CancellationToken.None);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(expected, result.Rejected.Select(r => (r.Address, r.Kind)));
        Assert.Empty(result.Deferred);
        Assert.DoesNotContain("DATA", server.Lines);
    }
}
