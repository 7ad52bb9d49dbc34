using Mailr.Grains.Providers.Http;
using Refit;

namespace Mailr.Grains.Providers.Postmark;

/// <summary>Maps Postmark's answers to outcome classes by <c>ErrorCode</c> (PROVIDERS.md C.4).</summary>
internal static class PostmarkResponseClassifier
{
    private const string InactivePrefix = "Message OK, but will not deliver to these inactive addresses:";

    public static ProviderResult Classify(IApiResponse<PostmarkResponse> response, OutgoingEmail email)
    {
        if (response.StatusCode is not { } code)
        {
            return ProviderResult.Ambiguous("no HTTP status in the response");
        }

        var status = (int)code;
        var body = response.IsSuccessStatusCode ? response.Content : ProviderHttp.ReadError<PostmarkResponse>(response);
        if (response.IsSuccessStatusCode && body is { ErrorCode: 0, MessageID.Length: > 0 })
        {
            return ProviderResult.Sent(body.MessageID, Inactive(body.Message, email));
        }

        var detail = body?.ErrorCode is { } errorCode ? $"HTTP {status} ErrorCode {errorCode}: {ProviderHttp.Truncate(body.Message)}" : $"HTTP {status}";
        return (status, body?.ErrorCode) switch
        {
            (_, 10 or 400 or 401 or 405 or 412 or 413) => ProviderResult.Disabled(detail),
            (_, 100 or 429) => ProviderResult.Retryable(detail),
            // Every recipient is inactive (hard bounce or complaint): each is refused, so it fails and is suppressed, rather
            // than the message failing over whole to a provider that would mail them again.
            (_, 406) => ProviderResult.Sent(null, [.. email.Recipients.Select(r => Inactive(r.Address))]),
            // 300 may name one bad address, but nothing was sent to anyone: the message fails over whole (docs/refusals.md).
            (_, { }) => ProviderResult.Permanent(detail),
            (200, null) => ProviderResult.Permanent($"{detail} without a MessageID: BaseUrl does not point at Postmark's email API"),
            // A 403 without an ErrorCode comes from Postmark's network layer, not the API.
            (401 or 403, null) => ProviderResult.Disabled(detail),
            (429 or >= 500, null) => ProviderResult.Retryable(detail),
            _ => ProviderResult.Permanent(detail),
        };
    }

    // "Message OK, but will not deliver to these inactive addresses: a@x.com, b@y.com. Inactive recipients are ones that …"
    private static List<RecipientRejection> Inactive(string? message, OutgoingEmail email)
    {
        if (message is null || !message.StartsWith(InactivePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var list = message[InactivePrefix.Length..];
        var end = list.IndexOf(". ", StringComparison.Ordinal);
        var addresses = (end >= 0 ? list[..end] : list).TrimEnd('.').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return [.. addresses.Select(a => Inactive(email.AsWritten(a)))];
    }

    // Postmark's answer does not say whether the address hard-bounced or complained; either way it is about the address.
    private static RecipientRejection Inactive(string address) => new(address, "inactive recipient", RefusalKind.Address);
}
