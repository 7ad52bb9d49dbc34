using Refit;

namespace Mailr.Grains.Providers.AmazonSes;

/// <summary>SES v2 <c>SendEmail</c>; the client's handler signs each request (SigV4).</summary>
internal interface IAmazonSesApi
{
    [Post("/v2/email/outbound-emails")]
    Task<IApiResponse<SesResponse>> SendAsync([Body] SesEmail email, CancellationToken cancellationToken);
}
