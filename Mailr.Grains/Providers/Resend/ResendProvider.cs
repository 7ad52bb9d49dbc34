using System.Net.Http.Headers;
using Mailr.Grains.Events;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Http;

namespace Mailr.Grains.Providers.Resend;

/// <summary>Sends through Resend's <c>POST /emails</c> with <c>Authorization: Bearer</c> and a derived <c>Idempotency-Key</c>.</summary>
internal sealed class ResendProvider(ProviderOptions options, IHttpClientFactory httpClientFactory) : IEmailProvider
{
    public const string DefaultBaseUrl = "https://api.resend.com";

    private readonly ProviderHttpClient<IResendApi> _http = new(options, "Resend", DefaultBaseUrl, ProviderHttp.Client(httpClientFactory, c =>
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey)), ProviderHttp.JsonSettings);

    public string Name => options.DisplayName;

    public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) =>
        _http.SendAsync(api => api.SendAsync(Create(email), ResendIdempotencyKey.For(email), cancellationToken), ResendResponseClassifier.Classify);

    private static ResendEmail Create(OutgoingEmail email) => new(
        Format(email.Content.From),
        List(email.To),
        List(email.Cc),
        List(email.Bcc),
        List(email.Content.ReplyTo),
        email.Content.Subject,
        email.Content.PlainText,
        email.Content.Html,
        email.Content.Headers.Count == 0 ? null : email.Content.Headers.ToDictionary(h => h.Name, h => h.Value),
        email.Content.Attachments.Count == 0 ? null : [.. email.Content.Attachments.Select(a => new ResendAttachment(a.FileName, Convert.ToBase64String(a.Content), a.ContentType))],
        [new ResendTag(ProviderMetadata.MessageIdKey, email.MessageId)]);

    private static List<string>? List(IReadOnlyList<Mailbox> mailboxes) => mailboxes.Count == 0 ? null : [.. mailboxes.Select(Format)];

    private static string Format(Mailbox mailbox) => new Mailbox(mailbox.AsciiAddress, mailbox.Name).ToString();
}
