using Mailr.Grains.Events;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Http;

namespace Mailr.Grains.Providers.Mandrill;

/// <summary>
/// Sends through Mandrill's (Mailchimp Transactional) <c>POST /messages/send.json</c>; the API key goes in the body.
/// Looks a lost attempt up with <c>messages/search.json</c> (<see cref="MandrillMessageSearch"/>).
/// </summary>
internal sealed class MandrillProvider(ProviderOptions options, IHttpClientFactory httpClientFactory) : IEmailProvider, IProviderLookup
{
    public const string DefaultBaseUrl = "https://mandrillapp.com/api/1.0";

    private readonly ProviderHttpClient<IMandrillApi> _http =
        new(options, "Mandrill", DefaultBaseUrl, ProviderHttp.Client(httpClientFactory), ProviderHttp.JsonSettings);

    public string Name => options.DisplayName;

    public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return Task.FromResult(ProviderResult.Disabled("Mandrill needs ApiKey under Mailr:Providers"));
        }

        var request = new MandrillSendRequest(options.ApiKey, CreateMessage(email));
        return _http.SendAsync(api => api.SendAsync(request, cancellationToken), response => MandrillResponseClassifier.Classify(response, email));
    }

    public Task<LookupResult> LookUpAsync(OutgoingEmail email, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return Task.FromResult(LookupResult.Unknown("Mandrill needs ApiKey under Mailr:Providers"));
        }

        return _http.LookUpAsync((api, _) => MandrillMessageSearch.LookUpAsync(api, options.ApiKey, email, sentAt, cancellationToken));
    }

    private static MandrillMessage CreateMessage(OutgoingEmail email) => new(
        email.Content.From.AsciiAddress,
        email.Content.From.Name,
        email.Content.Subject,
        email.Content.Text ?? "",
        [
            .. email.To.Select(m => new MandrillRecipient(m.AsciiAddress, m.Name, "to")),
            .. email.Cc.Select(m => new MandrillRecipient(m.AsciiAddress, m.Name, "cc")),
            .. email.Bcc.Select(m => new MandrillRecipient(m.AsciiAddress, m.Name, "bcc")),
        ],
        new Dictionary<string, string> { [ProviderMetadata.MessageIdKey] = email.MessageId })
    {
        Html = email.Content.Html,
        Headers = Headers(email),
        Attachments = email.Content.Attachments.Count == 0 ? null : [.. email.Content.Attachments.Select(a => new MandrillAttachment(a.ContentType, a.FileName, Convert.ToBase64String(a.Content)))],
    };

    private static Dictionary<string, string>? Headers(OutgoingEmail email)
    {
        var headers = email.Content.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        if (email.Content.ReplyTo.Count > 0)
        {
            headers["Reply-To"] = string.Join(", ", email.Content.ReplyTo.Select(m => new Mailbox(m.AsciiAddress, m.Name).ToString()));
        }

        return headers.Count == 0 ? null : headers;
    }
}
