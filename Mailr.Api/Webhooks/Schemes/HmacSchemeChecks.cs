using System.Globalization;
using Mailr.Grains.Options;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>The checks the Mailgun, Mandrill, Postmark and Resend schemes share. Messages never hold a secret.</summary>
internal static class HmacSchemeChecks
{
    public static WebhookRead.Refused NoSecret(ProviderOptions provider) =>
        new(401, $"The webhook of provider '{provider.DisplayName}' has no WebhookSecret.");

    /// <summary>The header's value when it was sent exactly once and is not blank.</summary>
    public static string? Header(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0] : null;

    /// <summary>
    /// Null when <paramref name="timestamp"/> is Unix seconds written plainly (as signed) within
    /// <see cref="WebhookRequest.Tolerance"/> of <paramref name="now"/>; otherwise why not.
    /// </summary>
    public static string? Staleness(string timestamp, DateTimeOffset now, string field, out long seconds)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out seconds)
            || seconds.ToString(CultureInfo.InvariantCulture) != timestamp)
        {
            return $"{field} is not a Unix time in seconds.";
        }

        var tolerance = (long)WebhookRequest.Tolerance.TotalSeconds;
        var nowSeconds = now.ToUnixTimeSeconds();
        return seconds < nowSeconds - tolerance ? $"{field} is more than {tolerance / 60} minutes old: a stale or replayed request."
            : seconds > nowSeconds + tolerance ? $"{field} is more than {tolerance / 60} minutes ahead of this server's clock."
            : null;
    }
}
