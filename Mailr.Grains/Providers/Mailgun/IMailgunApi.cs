using Refit;

namespace Mailr.Grains.Providers.Mailgun;

/// <summary>Mailgun's send endpoint and its Events API. Returns <see cref="IApiResponse{T}"/> so HTTP errors arrive as values, not exceptions.</summary>
internal interface IMailgunApi
{
    /// <param name="form">URL-encoded fields, or multipart when there are attachments (see <see cref="MailgunMessageForm"/>).</param>
    [Post("/v3/{domain}/messages")]
    Task<IApiResponse<MailgunSendResponse>> SendAsync(string domain, [Body] HttpContent form, CancellationToken cancellationToken);

    /// <param name="begin">Epoch seconds.</param>
    /// <param name="ascending"><c>yes</c> or <c>no</c>.</param>
    [Get("/v3/{domain}/events")]
    Task<IApiResponse<MailgunEventsPage>> EventsAsync(
        string domain,
        [AliasAs("event")] string eventType,
        string recipient,
        long begin,
        string ascending,
        int limit,
        CancellationToken cancellationToken);

    /// <summary>The next page of events, at the absolute <c>paging.next</c> URL Mailgun gave.</summary>
    [Get("")]
    Task<IApiResponse<MailgunEventsPage>> EventsPageAsync([Url] Uri next, CancellationToken cancellationToken);
}
