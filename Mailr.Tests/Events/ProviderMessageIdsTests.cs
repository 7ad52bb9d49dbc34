using Mailr.Grains.Events;

namespace Mailr.Tests.Events;

/// <summary>A provider names a message one way in its send answer and sometimes another in its events: both give the same keys.</summary>
public sealed class ProviderMessageIdsTests
{
    [Theory]
    [InlineData("Mailgun", "<20161208.1@mg.example.com>", "20161208.1@mg.example.com")]
    [InlineData("Mailgun", "20161208.1@mg.example.com", "20161208.1@mg.example.com")]
    [InlineData("SendGrid", "14c5d75ce93.dfd.64b469", "14c5d75ce93")]
    [InlineData("SendGrid", "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0", "14c5d75ce93")]
    [InlineData("Postmark", "883953f4-6105-42a2-a16a-77a8eac79483", "883953f4-6105-42a2-a16a-77a8eac79483")]
    [InlineData("AmazonSes", "0100018c-aaaa.bbbb-000000", "0100018c-aaaa.bbbb-000000")]
    public void Keys_SendAnswerAndEventForms_TheSameKey(string type, string raw, string expected) =>
        Assert.Equal([expected], ProviderMessageIds.Keys(type, raw));

    [Fact]
    public void Keys_MandrillsPerRecipientIds_OneKeyEach() =>
        Assert.Equal(["abc123", "def456"], ProviderMessageIds.Keys("Mandrill", "abc123, def456,abc123"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("<>")]
    public void Keys_NoId_None(string? raw) => Assert.Empty(ProviderMessageIds.Keys("Mailgun", raw));
}
