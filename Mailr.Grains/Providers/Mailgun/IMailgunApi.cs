using Refit;

namespace Mailr.Grains.Providers.Mailgun;

/// <summary>Mailgun's send endpoint. Returns <see cref="IApiResponse{T}"/> so HTTP errors arrive as values, not exceptions.</summary>
internal interface IMailgunApi
{
    /// <param name="form">URL-encoded fields, or multipart when there are attachments (see <see cref="MailgunMessageForm"/>).</param>
    [Post("/v3/{domain}/messages")]
    Task<IApiResponse<MailgunSendResponse>> SendAsync(string domain, [Body] HttpContent form, CancellationToken cancellationToken);
}
