using System.Text.Json;
using System.Text.Json.Serialization;
using Mailr.Grains.Events;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Http;
using Refit;

namespace Mailr.Grains.Providers.Postmark;

/// <summary>
/// Sends through Postmark's <c>POST /email</c> with the server token in <c>X-Postmark-Server-Token</c>, and
/// looks a lost attempt up with <c>GET /messages/outbound</c> filtered on the metadata Mailr sends. The
/// look-up answers from what Postmark said; transport failures propagate (<see cref="ProviderLookupCall"/>).
/// </summary>
internal sealed class PostmarkProvider(ProviderOptions options, IHttpClientFactory httpClientFactory) : IEmailProvider, IProviderLookup
{
    public const string DefaultBaseUrl = "https://api.postmarkapp.com";

    public const string DefaultMessageStream = "outbound";

    // Postmark's member names are PascalCase: no naming policy.
    private static readonly RefitSettings s_settings = new(new SystemTextJsonContentSerializer(
        new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull }));

    private readonly ProviderHttpClient<IPostmarkApi> _http = new(options, "Postmark", DefaultBaseUrl, ProviderHttp.Client(httpClientFactory, c =>
        c.DefaultRequestHeaders.Add("X-Postmark-Server-Token", options.ApiKey)), s_settings);

    public string Name => options.DisplayName;

    private string MessageStream => string.IsNullOrWhiteSpace(options.MessageStream) ? DefaultMessageStream : options.MessageStream;

    public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) =>
        _http.SendAsync(api => api.SendAsync(Create(email), cancellationToken), response => PostmarkResponseClassifier.Classify(response, email));

    public Task<LookupResult> LookUpAsync(OutgoingEmail email, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        _http.LookUpAsync(async (api, _) =>
        {
            using var response = ProviderHttp.Received(await api.SearchOutboundAsync(50, 0, email.MessageId, MessageStream, cancellationToken));
            return Found(response, email.MessageId);
        });

    private static LookupResult Found(IApiResponse<PostmarkOutboundSearch> response, string messageId)
    {
        if (!LookupAnswer.TryRead(response, r => ProviderHttp.ReadError<PostmarkResponse>(r)?.Message, out var search, out var unknown))
        {
            return unknown;
        }

        if (search.TotalCount is not { } total)
        {
            return LookupResult.Unknown("the answer has no TotalCount");
        }

        // Postmark filtered on the metadata; a listed message that carries another id means the filter was not applied.
        var match = search.Messages?.FirstOrDefault(m => m.Metadata is null || ProviderMetadata.MessageIdFrom(k => m.Metadata.GetValueOrDefault(k)) == messageId);
        return (total, match) switch
        {
            (0, _) => LookupResult.NotFound(),
            (_, { }) => LookupResult.Found(match.MessageID),
            _ => LookupResult.Unknown($"TotalCount {total}, but no listed message carries this id"),
        };
    }

    private PostmarkEmail Create(OutgoingEmail email) => new(
        Format(email.Content.From),
        Join(email.To),
        Join(email.Cc),
        Join(email.Bcc),
        email.Content.Subject,
        email.Content.PlainText,
        email.Content.Html,
        Join(email.Content.ReplyTo),
        email.Content.Headers.Count == 0 ? null : [.. email.Content.Headers.Select(h => new PostmarkHeader(h.Name, h.Value))],
        email.Content.Attachments.Count == 0 ? null : [.. email.Content.Attachments.Select(a => new PostmarkAttachment(a.FileName, Convert.ToBase64String(a.Content), a.ContentType))],
        new Dictionary<string, string> { [ProviderMetadata.MessageIdKey] = email.MessageId },
        MessageStream);

    private static string? Join(IReadOnlyList<Mailbox> mailboxes) => mailboxes.Count == 0 ? null : string.Join(", ", mailboxes.Select(Format));

    private static string Format(Mailbox mailbox) => new Mailbox(mailbox.AsciiAddress, mailbox.Name).ToString();
}
