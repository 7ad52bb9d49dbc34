using System.Net.Http.Headers;
using Mailr.Grains.Events;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Http;

namespace Mailr.Grains.Providers.SendGrid;

/// <summary>Sends through SendGrid's <c>POST /v3/mail/send</c> with <c>Authorization: Bearer</c>.</summary>
internal sealed class SendGridProvider(ProviderOptions options, IHttpClientFactory httpClientFactory) : IEmailProvider
{
    public const string DefaultBaseUrl = "https://api.sendgrid.com";

    private readonly ProviderHttpClient<ISendGridApi> _http = new(options, "SendGrid", DefaultBaseUrl, ProviderHttp.Client(httpClientFactory, c =>
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey)), ProviderHttp.JsonSettings);

    public string Name => options.DisplayName;

    public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) =>
        _http.SendAsync(api => api.SendAsync(Create(email), cancellationToken), SendGridResponseClassifier.Classify);

    internal static SendGridMail Create(OutgoingEmail email) => new(
        [new(Addresses(email.To), Addresses(email.Cc), Addresses(email.Bcc))],
        Address(email.Content.From),
        email.Content.Subject,
        [
            .. email.Content.PlainText is { } text ? [new SendGridContent("text/plain", text)] : Array.Empty<SendGridContent>(),
            .. email.Content.Html is { } html ? [new SendGridContent("text/html", html)] : Array.Empty<SendGridContent>(),
        ],
        new Dictionary<string, string> { [ProviderMetadata.MessageIdKey] = email.MessageId })
    {
        ReplyTo = email.Content.ReplyTo.Count == 1 ? Address(email.Content.ReplyTo[0]) : null,
        ReplyToList = email.Content.ReplyTo.Count > 1 ? Addresses(email.Content.ReplyTo) : null,
        Headers = email.Content.Headers.Count == 0 ? null : email.Content.Headers.ToDictionary(h => h.Name, h => h.Value),
        Attachments = email.Content.Attachments.Count == 0 ? null
            : [.. email.Content.Attachments.Select(a => new SendGridAttachment(Convert.ToBase64String(a.Content), a.FileName, a.ContentType, "attachment"))],
    };

    private static SendGridAddress Address(Mailbox mailbox) => new(mailbox.AsciiAddress, mailbox.Name);

    private static List<SendGridAddress>? Addresses(IReadOnlyList<Mailbox> mailboxes) => mailboxes.Count == 0 ? null : [.. mailboxes.Select(Address)];
}
