using Refit;

namespace Mailr.Grains.Providers.Postmark;

/// <summary>Postmark's single-message endpoint; the server token goes in <c>X-Postmark-Server-Token</c>.</summary>
internal interface IPostmarkApi
{
    [Post("/email")]
    [Headers("Accept: application/json")]
    Task<IApiResponse<PostmarkResponse>> SendAsync([Body] PostmarkEmail email, CancellationToken cancellationToken);
}
