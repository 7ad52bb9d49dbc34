using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mailr.Grains.Events;
using Mailr.Grains.Options;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// Mailgun's JSON webhooks: the signature travels in the body, <c>hex(HMAC-SHA256(signing key, timestamp + token))</c>.
/// The legacy form-encoded webhooks are not read. <c>rejected</c> (Mailgun refused the send request itself, which its
/// API answer already told) is not tracked.
/// </summary>
internal sealed class MailgunWebhookScheme : IWebhookScheme
{
    public string ProviderType => "Mailgun";

    public Task<WebhookRead> ReadAsync(WebhookRequest request, ProviderOptions provider, CancellationToken cancellationToken) =>
        Task.FromResult(Read(request, provider));

    private static WebhookRead Read(WebhookRequest request, ProviderOptions provider)
    {
        if (provider.WebhookSecret.NonEmpty() is not { } secret)
        {
            return HmacSchemeChecks.NoSecret(provider);
        }

        using var document = HmacSchemeJson.Parse(request.Body);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            return new WebhookRead.Refused(400, "The body is not Mailgun's JSON webhook {\"signature\": {...}, \"event-data\": {...}} (legacy form-encoded webhooks are not read).");
        }

        var signature = root.Field("signature");
        if (signature?.Text("timestamp").NonEmpty() is not { } timestamp
            || signature?.Text("token").NonEmpty() is not { } token
            || signature?.Text("signature").NonEmpty() is not { } given)
        {
            return new WebhookRead.Refused(401, "The body has no signature: signature.timestamp, signature.token and signature.signature are required.");
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + token)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given)))
        {
            return new WebhookRead.Refused(401, "signature.signature does not match: check WebhookSecret (Mailgun's HTTP webhook signing key, not the API key).");
        }

        if (HmacSchemeChecks.Staleness(timestamp, request.Now, "signature.timestamp", out _) is { } stale)
        {
            return new WebhookRead.Refused(401, stale);
        }

        if (root.Field("event-data") is not { ValueKind: JsonValueKind.Object } data)
        {
            return new WebhookRead.Refused(400, "event-data is missing or not an object.");
        }

        return Report(data, provider, request.Now);
    }

    private static WebhookRead Report(JsonElement data, ProviderOptions provider, DateTimeOffset now)
    {
        if (data.Str("event").NonEmpty() is not { } name)
        {
            return new WebhookRead.Refused(400, "event-data.event is missing.");
        }

        var kind = KindOf(name, data.Str("severity"));
        var headers = data.Field("message")?.Field("headers");
        if ((data.Str("recipient") ?? headers?.Str("to")).NonEmpty() is not { } recipient)
        {
            return kind is null ? new WebhookRead.Events([]) : new WebhookRead.Refused(400, $"event-data.recipient is missing from a '{name}' event.");
        }

        return new WebhookRead.Events(
        [
            new DeliveryReport(
                provider.DisplayName,
                name,
                kind,
                recipient,
                HmacSchemeJson.MessageIdIn(data.Field("user-variables")),
                headers?.Text("message-id").NonEmpty(),
                HmacSchemeJson.UnixTime(data.Field("timestamp")) ?? now,
                data.Text("id").NonEmpty(),
                Detail(data)),
        ]);
    }

    private static DeliveryEventKind? KindOf(string name, string? severity) => (name, severity) switch
    {
        ("accepted", _) => DeliveryEventKind.Taken,
        ("delivered", _) => DeliveryEventKind.Delivered,
        ("failed", "temporary") => DeliveryEventKind.Deferred,
        ("failed", "permanent") => DeliveryEventKind.Bounced,
        ("complained", _) => DeliveryEventKind.Complained,
        _ => null,
    };

    private static string? Detail(JsonElement data)
    {
        var status = data.Field("delivery-status");
        var text = status?.Text("description").NonEmpty() ?? status?.Text("message").NonEmpty() ?? data.Text("reason").NonEmpty();
        var code = status?.Text("code").NonEmpty();
        return HmacSchemeJson.Short(code is not null && text is not null ? $"{code} {text}" : text ?? code);
    }
}
