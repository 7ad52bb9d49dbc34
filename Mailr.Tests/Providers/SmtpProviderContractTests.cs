using Mailr.Grains.Options;
using Mailr.Grains.Providers.Smtp;
using MimeKit;

namespace Mailr.Tests.Providers;

/// <summary>The Smtp type against the scripted server, which answers every step as the contract case needs.</summary>
public sealed class SmtpProviderContractTests() : RemoteProviderContractTests("Smtp"), IAsyncLifetime
{
    private const string User = "mailr";
    private const string Password = "pw-not-in-details";

    private ScriptedSmtpServer? _started;

    /// <summary>The stub, started on first use (the coverage test builds these classes without running them).</summary>
    private ScriptedSmtpServer Server => _started ??= new();

    protected override string Secret => Password;

    protected override string RefusedConnectionDetail => "the connection was lost at Connect: SocketException";

    protected override ProviderOptions Options() => OptionsAt(null);

    protected override ProviderOptions OptionsAt(string? host) => new()
    {
        Type = "Smtp",
        Host = "127.0.0.1",
        Port = host is null ? Server.Port : int.Parse(host.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture),
        Security = "None",
        UserName = User,
        Password = Password,
    };

    protected override void RespondAccepted() => Server.Script = _ => null;

    protected override void RespondAuthRefused(string message) => Answer("AUTH", $"535 5.7.8 {message}");

    protected override void RespondServerError(string message) => Answer("MAIL", $"451 4.3.0 {message}");

    protected override async Task<string?> AcceptedMessageIdAsync() => (await ReceivedAsync()).MessageId;

    protected override async Task AssertRichFieldsArrivedAsync()
    {
        var message = await ReceivedAsync();
        Assert.Equal("<p>Hello Zoë</p>", message.HtmlBody!.ReplaceLineEndings("\n"));
        Assert.Equal(["replies@example.com", "help@example.com"], message.ReplyTo.Mailboxes.Select(m => m.Address));
        Assert.Equal("spring-2026", message.Headers["X-Campaign"]);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal(("invoice.pdf", "application/pdf"), (attachment.FileName, attachment.ContentType.MimeType));
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(ProviderTestData.PdfBytes, content.ToArray());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => _started?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    private void Answer(string step, string reply) =>
        Server.Script = line => line.StartsWith(step, StringComparison.OrdinalIgnoreCase) ? reply : null;

    private async Task<MimeMessage> ReceivedAsync()
    {
        using var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(await Server.NextMessageAsync()));
        return await MimeMessage.LoadAsync(text);
    }
}
