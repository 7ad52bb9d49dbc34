using Refit;

namespace Mailr.Grains.Providers.Resend;

/// <summary>Resend's send endpoint; a repeat with the same <c>Idempotency-Key</c> within 24 h returns the first answer without sending.</summary>
internal interface IResendApi
{
    [Post("/emails")]
    Task<IApiResponse<ResendResponse>> SendAsync(
        [Body] ResendEmail email,
        [Header("Idempotency-Key")] string idempotencyKey,
        CancellationToken cancellationToken);
}
