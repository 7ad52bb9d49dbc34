using Refit;

namespace Mailr.Grains.Providers.SendGrid;

/// <summary>SendGrid's v3 send endpoint: <c>202</c> with an empty body and the id in <c>X-Message-Id</c>.</summary>
internal interface ISendGridApi
{
    [Post("/v3/mail/send")]
    Task<IApiResponse<string>> SendAsync([Body] SendGridMail mail, CancellationToken cancellationToken);
}
