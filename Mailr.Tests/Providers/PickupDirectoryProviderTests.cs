using Mailr.Grains.Options;
using Mailr.Grains.Providers;
using Mailr.Grains.Providers.Pickup;
using MimeKit;

namespace Mailr.Tests.Providers;

/// <summary>The Pickup type: its stub is a directory, which takes every message (so only the local contract applies).</summary>
public sealed class PickupDirectoryProviderTests() : ProviderContractTests("Pickup")
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mailr-pickup-tests-" + Guid.NewGuid().ToString("N"));

    public override void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        base.Dispose();
    }

    protected override ProviderOptions Options() => new() { Type = "Pickup", Directory = _directory };

    protected override void RespondAccepted()
    {
    }

    protected override async Task<string?> AcceptedMessageIdAsync() => (await LoadAsync("msg-0001")).MessageId;

    protected override async Task AssertRichFieldsArrivedAsync()
    {
        var message = await LoadAsync("msg-0001");
        Assert.Equal("Hello Zoë,\nthis is line two.", message.TextBody!.ReplaceLineEndings("\n"));
        Assert.Equal("<p>Hello Zoë</p>", message.HtmlBody!.ReplaceLineEndings("\n"));
        Assert.Equal(["replies@example.com", "help@example.com"], message.ReplyTo.Mailboxes.Select(m => m.Address));
        Assert.Equal("spring-2026", message.Headers["X-Campaign"]);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("invoice.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(ProviderTestData.PdfBytes, content.ToArray());
        Assert.Equal("multipart/mixed", message.Body!.ContentType.MimeType);
    }

    [Fact]
    public async Task SendAsync_NewMessage_WritesEmlWithAddressesSubjectAndBody()
    {
        var result = await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        var message = await MimeMessage.LoadAsync(Path.Combine(_directory, "msg-0001.eml"));
        Assert.Equal(ProviderResult.Sent(message.MessageId), result with { Rejected = [] });
        Assert.Equal([("Mailr Sender", "sender@example.com")], Mailboxes(message.From));
        Assert.Equal([("Zoë Ångström", "zoe@bücher.example"), ("Bob \"The Builder\"", "bob@example.com")], Mailboxes(message.To));
        Assert.Equal([("", "carol@example.com")], Mailboxes(message.Cc));
        Assert.Equal("Grüße from Mailr", message.Subject);
        Assert.Equal("Hello Zoë,\nthis is line two.", message.TextBody!.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task SendAsync_WithBcc_WritesEnvelopeHeadersAndNoBccHeader()
    {
        await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        var message = await MimeMessage.LoadAsync(Path.Combine(_directory, "msg-0001.eml"));
        Assert.False(message.Headers.Contains(HeaderId.Bcc));
        Assert.Empty(message.Bcc);
        Assert.Equal(["X-Sender", "X-Receiver", "X-Receiver", "X-Receiver", "X-Receiver"], message.Headers.Take(5).Select(h => h.Field));
        Assert.Equal(
            ["sender@example.com", "zoe@xn--bcher-kva.example", "bob@example.com", "carol@example.com", "dave@example.com"],
            message.Headers.Take(5).Select(h => h.Value));
    }

    [Fact]
    public async Task SendAsync_UnicodeNamesAndIdnDomain_WritesSevenBitFileWithPunycodeDomain()
    {
        await Provider().SendAsync(ProviderTestData.Email(), CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(_directory, "msg-0001.eml"));
        Assert.DoesNotContain(bytes, b => b > 0x7F);
        Assert.Contains("<zoe@xn--bcher-kva.example>", System.Text.Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_SameIdTwice_OverwritesTheOneFile()
    {
        var provider = Provider();
        await provider.SendAsync(ProviderTestData.Email(subject: "first"), CancellationToken.None);

        var result = await provider.SendAsync(ProviderTestData.Email(subject: "second"), CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_directory));
        Assert.Equal(Path.Combine(_directory, "msg-0001.eml"), file);
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("second", message.Subject);
        Assert.Equal(message.MessageId, result.ProviderMessageId);
    }

    [Fact]
    public async Task SendAsync_DirectoryCannotBeCreated_ReturnsRetryable()
    {
        Directory.CreateDirectory(_directory);
        var blocker = Path.Combine(_directory, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the pickup folder should be");
        var provider = new PickupDirectoryProvider(new ProviderOptions { Type = "Pickup", Directory = blocker });

        var result = await provider.SendAsync(ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(OutcomeClass.Retryable, result.Outcome);
        Assert.StartsWith("could not write the pickup file: IOException: ", result.Detail, StringComparison.Ordinal);
        Assert.Equal([blocker], Directory.GetFileSystemEntries(_directory));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("")]
    public async Task SendAsync_MessageIdUnfitForFileName_ReturnsPermanentAndWritesNothing(string messageId)
    {
        var result = await Provider().SendAsync(ProviderTestData.Email(messageId), CancellationToken.None);

        Assert.Equal(ProviderResult.Permanent("the message id cannot be used as a file name"), result with { Rejected = [] });
        Assert.False(Directory.Exists(_directory));
    }

    private PickupDirectoryProvider Provider() => new(Options());

    private Task<MimeMessage> LoadAsync(string messageId) => MimeMessage.LoadAsync(Path.Combine(_directory, messageId + ".eml"));

    private static List<(string Name, string Address)> Mailboxes(InternetAddressList list) =>
        [.. list.Mailboxes.Select(m => (m.Name ?? "", m.Address))];
}
