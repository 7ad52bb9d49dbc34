using Mailr.Grains.Providers.Http;
using Refit;

namespace Mailr.Grains.Providers.Resend;

/// <summary>Maps Resend's answers to outcome classes by the error's <c>name</c>, then its status (PROVIDERS.md C.6).</summary>
internal static class ResendResponseClassifier
{
    public static ProviderResult Classify(IApiResponse<ResendResponse> response)
    {
        if (response.StatusCode is not { } code)
        {
            return ProviderResult.Ambiguous("no HTTP status in the response");
        }

        var status = (int)code;
        if (response.IsSuccessStatusCode)
        {
            return response.Content?.Id is { Length: > 0 } id
                ? ProviderResult.Sent(id)
                : ProviderResult.Permanent($"HTTP {status} without an id: BaseUrl does not point at Resend's emails API");
        }

        var error = ProviderHttp.ReadError<ResendResponse>(response);
        var detail = error?.Name is { } name ? $"HTTP {status} {name}: {ProviderHttp.Truncate(error.Message)}" : $"HTTP {status}";
        return (status, error?.Name) switch
        {
            (_, "missing_api_key" or "restricted_api_key" or "invalid_api_key" or "invalid_from_address") => ProviderResult.Disabled(detail),
            (_, "daily_quota_exceeded" or "monthly_quota_exceeded") => ProviderResult.Disabled(detail),
            // 403 validation_error: a test-mode account or an unverified domain, not this message.
            (403, "validation_error") => ProviderResult.Disabled(detail),
            (_, "rate_limit_exceeded" or "concurrent_idempotent_requests") => ProviderResult.Retryable(detail),
            // The same key with another payload: the first request with this key was already taken.
            (_, "invalid_idempotent_request") => ProviderResult.Permanent(detail),
            (401 or 403, _) => ProviderResult.Disabled(detail),
            (429 or >= 500, _) => ProviderResult.Retryable(detail),
            _ => ProviderResult.Permanent(detail),
        };
    }
}
