using System.Text.Json;
using System.Text.Json.Serialization;
using Mailr.Grains.Events;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Http;
using MimeKit;
using Refit;

namespace Mailr.Grains.Providers.AmazonSes;

/// <summary>Sends through Amazon SES v2 <c>SendEmail</c> (<c>Content.Simple</c>), signed with SigV4.</summary>
internal sealed class AmazonSesProvider : IEmailProvider, IDisposable
{
    // SES's member names are PascalCase: no naming policy.
    private static readonly RefitSettings s_settings = new(new SystemTextJsonContentSerializer(
        new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true }));

    private readonly ProviderOptions _options;
    private readonly ProviderHttpClient<IAmazonSesApi> _http;
    private readonly SigV4SigningHandler _signer;

    public AmazonSesProvider(ProviderOptions options, IHttpMessageHandlerFactory handlers, TimeProvider clock)
    {
        _options = options;
        _signer = new SigV4SigningHandler(options, clock) { InnerHandler = handlers.CreateHandler(ProviderRegistry.HttpClientName) };
        _http = new(options, "AmazonSes", DefaultBaseUrl(options.Region), () => new HttpClient(_signer, disposeHandler: false), s_settings);
    }

    public string Name => _options.DisplayName;

    public static string DefaultBaseUrl(string? region) => $"https://email.{region}.amazonaws.com";

    public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) =>
        _http.SendAsync(api => api.SendAsync(Create(email), cancellationToken), AmazonSesResponseClassifier.Classify);

    public void Dispose() => _signer.Dispose();

    private static SesEmail Create(OutgoingEmail email) => new(
        Format(email.Content.From),
        new SesDestination(List(email.To), List(email.Cc), List(email.Bcc)),
        List(email.Content.ReplyTo),
        new SesContent(new SesSimple(
            new SesText(email.Content.Subject),
            new SesBody(email.Content.PlainText is { } text ? new SesText(text) : null, email.Content.Html is { } html ? new SesText(html) : null),
            email.Content.Headers.Count == 0 ? null : [.. email.Content.Headers.Select(h => new SesHeader(h.Name, h.Value))],
            email.Content.Attachments.Count == 0 ? null : [.. email.Content.Attachments.Select(a => new SesAttachment(a.FileName, Convert.ToBase64String(a.Content), a.ContentType))])),
        [new SesTag(ProviderMetadata.MessageIdKey, email.MessageId)]);

    private static List<string>? List(IReadOnlyList<Mailbox> mailboxes) => mailboxes.Count == 0 ? null : [.. mailboxes.Select(Format)];

    // SES wants display names in ASCII: RFC 2047 encoded words, the domain in punycode.
    private static string Format(Mailbox mailbox) => new MailboxAddress(mailbox.Name, mailbox.AsciiAddress).ToString(encode: true);
}
