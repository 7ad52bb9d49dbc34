using System.Text.Json;
using Mailr.Grains.Events;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// One Resend event as one report per address in <c>data.to</c>. <c>email.failed</c> (Resend could not send: an API
/// key, domain or quota problem, not the address) and <c>email.suppressed</c> are not tracked, nor are opens, clicks,
/// scheduling and the contact and domain events.
/// </summary>
internal static class ResendEvent
{
    public static WebhookRead Read(JsonElement root, string eventId, string provider, DateTimeOffset now)
    {
        if (root.Str("type").NonEmpty() is not { } name)
        {
            return new WebhookRead.Refused(400, "type is missing: not a Resend event.");
        }

        DeliveryEventKind? kind = name switch
        {
            "email.sent" => DeliveryEventKind.Taken,
            "email.delivered" => DeliveryEventKind.Delivered,
            "email.delivery_delayed" => DeliveryEventKind.Deferred,
            "email.bounced" => DeliveryEventKind.Bounced,
            "email.complained" => DeliveryEventKind.Complained,
            _ => null,
        };

        var data = root.Field("data");
        var recipients = Addresses(data?.Field("to"));
        if (recipients.Count == 0)
        {
            return kind is null ? new WebhookRead.Events([]) : new WebhookRead.Refused(400, $"data.to has no address in a '{name}' event.");
        }

        var messageId = MessageId(data?.Field("tags"));
        var providerId = data?.Text("email_id").NonEmpty();
        var occurredAt = HmacSchemeJson.IsoTime(root.Str("created_at")) ?? HmacSchemeJson.IsoTime(data?.Str("created_at")) ?? now;
        var detail = HmacSchemeJson.Short(data?.Field("bounce")?.Text("message"));
        return new WebhookRead.Events(
            recipients.Select(to => new DeliveryReport(provider, name, kind, to, messageId, providerId, occurredAt, eventId, detail)).ToList());
    }

    private static List<string> Addresses(JsonElement? to) => to switch
    {
        { ValueKind: JsonValueKind.Array } list => list.EnumerateArray().Select(a => a.AsString().NonEmpty()).OfType<string>().ToList(),
        { } one when one.AsString().NonEmpty() is { } address => [address],
        _ => [],
    };

    // Resend echoes the send's tags as an object; the send's own shape, [{name, value}], is read too.
    private static string? MessageId(JsonElement? tags) => tags switch
    {
        { ValueKind: JsonValueKind.Object } => HmacSchemeJson.MessageIdIn(tags),
        { ValueKind: JsonValueKind.Array } list => ProviderMetadata.MessageIdFrom(key =>
            list.EnumerateArray().FirstOrDefault(tag => tag.Text("name") == key).Text("value")),
        _ => null,
    };
}
