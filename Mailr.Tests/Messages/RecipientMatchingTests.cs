namespace Mailr.Tests.Messages;

/// <summary>One rule matches a recipient everywhere (lookups, per-recipient refusals, provider echoes): <see cref="Mailbox.Key"/>.</summary>
public sealed class RecipientMatchingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("ana@bücher.example", "ana@xn--bcher-kva.example")]
    [InlineData("ana@bücher.example", "ANA@BÜCHER.EXAMPLE")]
    [InlineData("Jay@Example.com", "jay@example.com")]
    [InlineData("jay@example.com", "JAY@EXAMPLE.COM")]
    public void Matches_SameAddressAnyFormOrCase_True(string written, string echoed) =>
        Assert.True(new Mailbox(written).Matches(echoed));

    [Theory]
    [InlineData("jay@example.com", "jay@example.org")]
    [InlineData("jay@example.com", "jay2@example.com")]
    [InlineData("jay@example.com", "jay@exa\u0000mple.com")]
    public void Matches_OtherAddressOrBadEcho_False(string written, string echoed) =>
        Assert.False(new Mailbox(written).Matches(echoed));

    [Fact]
    public void MarkSent_RefusalEchoedInPunycodeAndUpperCase_FailsThatRecipientOnly()
    {
        var state = MessageState.Create(
            new OutgoingMessage(new MessageContent(new Mailbox("amit@example.com"), "s", "t"), [new Mailbox("ana@bücher.example"), new Mailbox("jay@example.com")], [], []),
            Now, TimeSpan.FromDays(1), "primary");

        state.MarkSent("primary", ProviderResult.Sent(null, [new RecipientRejection("ANA@XN--BCHER-KVA.EXAMPLE", "no such user")]), Now);

        Assert.Equal([DeliveryStatus.Failed, DeliveryStatus.Sent], state.Recipients.Select(r => r.Status));
    }

    [Fact]
    public void AsWritten_PunycodeEcho_TheAddressAsTheCallerWroteIt()
    {
        var email = new OutgoingEmail("id", new MessageContent(new Mailbox("amit@example.com"), "s", "t"), [new Mailbox("ana@bücher.example")], [], []);

        Assert.Equal("ana@bücher.example", email.AsWritten("ana@xn--bcher-kva.example"));
        Assert.Equal("stranger@example.com", email.AsWritten("stranger@example.com"));
    }
}
