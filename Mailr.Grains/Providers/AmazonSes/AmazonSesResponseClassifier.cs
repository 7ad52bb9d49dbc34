using Mailr.Grains.Providers.Http;
using Refit;

namespace Mailr.Grains.Providers.AmazonSes;

/// <summary>Maps SES v2's answers to outcome classes by the error type (PROVIDERS.md C.5).</summary>
internal static class AmazonSesResponseClassifier
{
    public static ProviderResult Classify(IApiResponse<SesResponse> response)
    {
        if (response.StatusCode is not { } code)
        {
            return ProviderResult.Ambiguous("no HTTP status in the response");
        }

        var status = (int)code;
        if (response.IsSuccessStatusCode)
        {
            return response.Content?.MessageId is { Length: > 0 } id
                ? ProviderResult.Sent(id)
                : ProviderResult.Permanent($"HTTP {status} without a MessageId: BaseUrl does not point at SES v2");
        }

        var error = ProviderHttp.ReadError<SesResponse>(response);
        var type = ErrorType(response.Headers?.TryGetValues("x-amzn-ErrorType", out var values) == true ? values.FirstOrDefault() : error?.Type);
        var detail = type is null ? $"HTTP {status}" : $"HTTP {status} {type}: {ProviderHttp.Truncate(error?.Message)}";
        return (status, type) switch
        {
            (_, "AccountSuspendedException" or "SendingPausedException") => ProviderResult.Disabled(detail),
            (_, "UnrecognizedClientException" or "InvalidSignatureException" or "SignatureDoesNotMatch" or "IncompleteSignature"
                or "InvalidClientTokenId" or "ExpiredTokenException" or "AccessDeniedException" or "MissingAuthenticationToken") => ProviderResult.Disabled(detail),
            // Includes "Maximum sending rate exceeded" and "Daily message quota exceeded": wait, or another provider now.
            (_, "TooManyRequestsException" or "LimitExceededException" or "ThrottlingException" or "Throttling") => ProviderResult.Retryable(detail),
            (_, "BadRequestException" or "MessageRejected" or "MailFromDomainNotVerifiedException" or "NotFoundException") => ProviderResult.Permanent(detail),
            (401 or 403, _) => ProviderResult.Disabled(detail),
            (429 or >= 500, _) => ProviderResult.Retryable(detail),
            _ => ProviderResult.Permanent(detail),
        };
    }

    // "MessageRejected:http://internal.amazon.com/coral/…/" or "com.amazonaws.sesv2#MessageRejected" → "MessageRejected".
    private static string? ErrorType(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var type = raw.Split(':')[0];
        return type[(type.LastIndexOf('#') + 1)..];
    }
}
