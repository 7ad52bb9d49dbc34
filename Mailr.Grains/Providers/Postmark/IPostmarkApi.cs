using Mailr.Grains.Events;
using Refit;

namespace Mailr.Grains.Providers.Postmark;

/// <summary>Postmark's single-message endpoint and its outbound search; the server token goes in <c>X-Postmark-Server-Token</c>.</summary>
internal interface IPostmarkApi
{
    [Post("/email")]
    [Headers("Accept: application/json")]
    Task<IApiResponse<PostmarkResponse>> SendAsync([Body] PostmarkEmail email, CancellationToken cancellationToken);

    /// <summary>Outbound messages by metadata, queued ones included (no <c>status</c> filter).</summary>
    [Get("/messages/outbound")]
    [Headers("Accept: application/json")]
    Task<IApiResponse<PostmarkOutboundSearch>> SearchOutboundAsync(
        int count,
        int offset,
        [AliasAs("metadata_" + ProviderMetadata.MessageIdKey)] string messageId,
        [AliasAs("messagestream")] string messageStream,
        CancellationToken cancellationToken);
}
