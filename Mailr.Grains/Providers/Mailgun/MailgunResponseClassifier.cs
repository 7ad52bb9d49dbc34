using System.Text.Json;
using Refit;

namespace Mailr.Grains.Providers.Mailgun;

/// <summary>Maps Mailgun's answers to outcome classes (PROVIDERS.md C.1).</summary>
internal static class MailgunResponseClassifier
{
    public static ProviderResult Classify(IApiResponse<MailgunSendResponse> response)
    {
        if (response.StatusCode is not { } code)
        {
            return ProviderResult.Ambiguous("no HTTP status in the response");
        }

        var status = (int)code;
        if (response.IsSuccessStatusCode)
        {
            // A wrong path answers 200 "Mailgun Magnificent API": nothing was queued.
            return response.Content?.Id is { Length: > 0 } id
                ? ProviderResult.Sent(id)
                : ProviderResult.Permanent($"HTTP {status} without a message id: BaseUrl does not point at Mailgun's messages API");
        }

        var detail = Describe(status, ErrorMessage(response.Error as ApiException));
        return status switch
        {
            401 or 403 => ProviderResult.Disabled(detail),
            404 => ProviderResult.Permanent($"{detail} (domain not found: check Domain and the region of BaseUrl)"),
            429 or >= 500 => ProviderResult.Retryable(detail),
            _ => ProviderResult.Permanent(detail),
        };
    }

    private static string Describe(int status, string? message) => message is null ? $"HTTP {status}" : $"HTTP {status}: {message}";

    private static string? ErrorMessage(ApiException? error)
    {
        if (string.IsNullOrWhiteSpace(error?.Content))
        {
            return null;
        }

        try
        {
            var message = JsonSerializer.Deserialize<MailgunSendResponse>(error.Content)?.Message;
            return message is { Length: > 200 } ? message[..200] : message;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
