using Mailr.Grains.Messages;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Pickup;
using MimeKit;

namespace Mailr.Tests.Providers;

/// <summary>How the Pickup file is built from the rich fields, as MimeKit (the shared builder) writes it (that it carries them all is in the contract).</summary>
public sealed class PickupRichMessageTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mailr-pickup-rich-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task SendAsync_HtmlOnly_WritesSingleHtmlPart()
    {
        var message = await SendAndLoadAsync(ProviderTestData.Email().With(c => c with { Text = "", Html = "<b>only</b>" }));

        Assert.Equal("text/html", message.Body!.ContentType.MimeType);
        Assert.Null(message.TextBody);
    }

    [Fact]
    public async Task SendAsync_CallerSendsXReceiverHeader_HeaderDroppedSoNoRecipientIsInjected()
    {
        var email = ProviderTestData.Email().With(c => c with { Headers = [new MessageHeader("X-Receiver", "attacker@evil.example"), new MessageHeader("X-Keep", "yes")] });

        var message = await SendAndLoadAsync(email);

        Assert.DoesNotContain(message.Headers, h => h.Value == "attacker@evil.example");
        Assert.Equal("yes", message.Headers["X-Keep"]);
    }

    [Fact]
    public async Task SendAsync_SameMessageTwice_KeepsMessageIdThatHidesMailrId()
    {
        var first = (await SendAndLoadAsync(ProviderTestData.Email())).MessageId;
        var second = (await SendAndLoadAsync(ProviderTestData.Email(subject: "again"))).MessageId;

        Assert.Equal(first, second);
        Assert.EndsWith("@example.com", first, StringComparison.Ordinal);
        Assert.DoesNotContain("msg-0001", first, StringComparison.Ordinal);
    }

    private async Task<MimeMessage> SendAndLoadAsync(Mailr.Grains.Providers.OutgoingEmail email)
    {
        await new PickupDirectoryProvider(new ProviderOptions { Type = "Pickup", Directory = _directory }).SendAsync(email, CancellationToken.None);
        return await MimeMessage.LoadAsync(Path.Combine(_directory, email.MessageId + ".eml"));
    }
}
