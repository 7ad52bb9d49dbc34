using Refit;

namespace Mailr.Grains.Providers.Mailgun;

/// <summary>Mailgun's send endpoint. Returns <see cref="IApiResponse{T}"/> so HTTP errors arrive as values, not exceptions.</summary>
internal interface IMailgunApi
{
    [Post("/v3/{domain}/messages")]
    Task<IApiResponse<MailgunSendResponse>> SendAsync(
        string domain,
        [Body(BodySerializationMethod.UrlEncoded)] MailgunMessageForm form,
        CancellationToken cancellationToken);
}
