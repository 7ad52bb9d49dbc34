using Mailr.Grains.Providers.Http;
using Refit;

namespace Mailr.Grains.Providers.SendGrid;

/// <summary>Maps SendGrid's answers to outcome classes (PROVIDERS.md C.3).</summary>
internal static class SendGridResponseClassifier
{
    public static ProviderResult Classify(IApiResponse<string> response)
    {
        if (response.StatusCode is not { } code)
        {
            return ProviderResult.Ambiguous("no HTTP status in the response");
        }

        var status = (int)code;
        if (response.IsSuccessStatusCode)
        {
            return response.Headers?.TryGetValues("X-Message-Id", out var ids) == true && ids.FirstOrDefault() is { Length: > 0 } id
                ? ProviderResult.Sent(id)
                : ProviderResult.Permanent($"HTTP {status} without X-Message-Id: BaseUrl does not point at SendGrid's mail/send API");
        }

        var error = ProviderHttp.ReadError<SendGridErrors>(response)?.Errors?.FirstOrDefault();
        var detail = error?.Message is { } message ? $"HTTP {status}: {ProviderHttp.Truncate(message)}" : $"HTTP {status}";
        return status switch
        {
            // 403 is also SendGrid's "too many bad requests" block: either way this account cannot send now.
            401 or 403 => ProviderResult.Disabled(detail),
            429 or >= 500 => ProviderResult.Retryable(detail),
            _ => ProviderResult.Permanent(detail),
        };
    }
}
