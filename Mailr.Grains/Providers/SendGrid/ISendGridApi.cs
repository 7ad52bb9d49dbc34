using Refit;

namespace Mailr.Grains.Providers.SendGrid;

/// <summary>SendGrid's v3 send endpoint (<c>202</c> with an empty body and the id in <c>X-Message-Id</c>) and its Email Activity API.</summary>
internal interface ISendGridApi
{
    [Post("/v3/mail/send")]
    Task<IApiResponse<string>> SendAsync([Body] SendGridMail mail, CancellationToken cancellationToken);

    /// <param name="query">An Email Activity query, e.g. <c>unique_args['mailr_message_id']="…"</c> (Refit URL-encodes it).</param>
    [Get("/v3/messages")]
    Task<IApiResponse<SendGridMessages>> MessagesAsync(int limit, string query, CancellationToken cancellationToken);
}
