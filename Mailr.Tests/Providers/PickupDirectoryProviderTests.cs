using Mailr.Grains.Options;
using Mailr.Grains.Providers;
using Mailr.Grains.Providers.Pickup;
using MimeKit;

namespace Mailr.Tests.Providers;

public sealed class PickupDirectoryProviderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mailr-pickup-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
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

    private PickupDirectoryProvider Provider() => new(new ProviderOptions { Type = "Pickup", Directory = _directory });

    private static List<(string Name, string Address)> Mailboxes(InternetAddressList list) =>
        [.. list.Mailboxes.Select(m => (m.Name ?? "", m.Address))];
}
