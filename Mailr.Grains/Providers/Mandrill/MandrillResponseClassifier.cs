using System.Text.Json;
using Refit;

namespace Mailr.Grains.Providers.Mandrill;

/// <summary>
/// Maps Mandrill's answers to outcome classes (PROVIDERS.md C.2). Errors are classified by the body's
/// <c>name</c> first (Mandrill answers most errors with HTTP 500), then by the HTTP status.
/// </summary>
internal static class MandrillResponseClassifier
{
    private static readonly string[] s_accepted = ["sent", "queued", "scheduled"];

    public static ProviderResult Classify(IApiResponse<IReadOnlyList<MandrillSendResult>> response, OutgoingEmail email)
    {
        if (response.StatusCode is not { } code)
        {
            return ProviderResult.Ambiguous("no HTTP status in the response");
        }

        var status = (int)code;
        return response.IsSuccessStatusCode ? ClassifyResults(status, response.Content, email) : ClassifyError(status, ParseError(response.Error as ApiException));
    }

    /// <summary>
    /// Anything but sent/queued/scheduled counts as rejected, so no recipient is ever reported sent by
    /// mistake. The provider message id is the accepted recipients' distinct <c>_id</c>s joined by commas
    /// (Mandrill has one id per recipient copy; <c>/messages/info</c> takes one of them).
    /// </summary>
    private static ProviderResult ClassifyResults(int status, IReadOnlyList<MandrillSendResult>? results, OutgoingEmail email)
    {
        if (results is null || results.Count == 0)
        {
            return ProviderResult.Permanent($"HTTP {status} without per-recipient results");
        }

        var accepted = results.Where(IsAccepted).ToList();
        var rejected = results.Where(r => !IsAccepted(r))
            .Select(r => new RecipientRejection(email.AsWritten(r.Email ?? ""), string.IsNullOrWhiteSpace(r.RejectReason) ? r.Status ?? "no status" : r.RejectReason, Refusal(r.Status, r.RejectReason)))
            .ToList();
        var ids = accepted.Select(r => r.Id).OfType<string>().Where(id => id.Length > 0).Distinct().ToList();
        return ProviderResult.Sent(ids.Count > 0 ? string.Join(',', ids) : null, rejected);
    }

    /// <summary>
    /// What a refused recipient's <c>reject_reason</c> is about (docs/refusals.md). Only a reason that says the
    /// address is bad (or an <c>invalid</c> status without one) fails and suppresses it; a soft bounce, Mandrill's
    /// own rules and limits, and any reason not listed let the next provider try.
    /// </summary>
    public static RefusalKind Refusal(string? status, string? reason) => (string.IsNullOrWhiteSpace(reason) ? null : reason.Trim().ToLowerInvariant()) switch
    {
        "hard-bounce" or "invalid" => RefusalKind.Address,
        "spam" or "unsub" => RefusalKind.Complaint,
        null when string.Equals(status, "invalid", StringComparison.OrdinalIgnoreCase) => RefusalKind.Address,
        _ => RefusalKind.Provider,
    };

    private static bool IsAccepted(MandrillSendResult result) => s_accepted.Contains(result.Status);

    private static ProviderResult ClassifyError(int status, MandrillError? error)
    {
        var detail = error?.Name is null ? $"HTTP {status}" : $"HTTP {status} {error.Name}: {Truncate(error.Message)}";
        return error?.Name switch
        {
            "Invalid_Key" or "PaymentRequired" => ProviderResult.Disabled(detail),
            "ValidationError" or "Unknown_Subaccount" or "Unknown_Template" => ProviderResult.Permanent(detail),
            "GeneralError" or "ServiceUnavailable" => ProviderResult.Retryable(detail),
            _ when status is 429 or >= 500 => ProviderResult.Retryable(detail),
            _ => ProviderResult.Permanent(detail),
        };
    }

    private static MandrillError? ParseError(ApiException? error)
    {
        try
        {
            return string.IsNullOrWhiteSpace(error?.Content) ? null : JsonSerializer.Deserialize<MandrillError>(error.Content);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Truncate(string? text) => text is { Length: > 200 } ? text[..200] : text;
}
