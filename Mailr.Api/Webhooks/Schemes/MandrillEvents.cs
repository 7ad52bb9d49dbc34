using System.Text;
using System.Text.Json;
using Mailr.Grains.Events;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// A <c>mandrill_events</c> batch as reports. <c>soft_bounce</c> counts as deferred (a temporary failure, never a
/// reason to suppress the address); <c>reject</c> is not tracked (Mandrill refused the send itself, which its send
/// answer already told with the reason Mailr classifies). Sync events (no <c>msg</c>) and inbound mail are skipped.
/// </summary>
internal static class MandrillEvents
{
    public static WebhookRead Read(string json, string provider, DateTimeOffset now)
    {
        using var document = HmacSchemeJson.Parse(Encoding.UTF8.GetBytes(json));
        if (document?.RootElement is not { ValueKind: JsonValueKind.Array } batch)
        {
            return new WebhookRead.Refused(400, $"{MandrillWebhookScheme.EventsField} is not a JSON array.");
        }

        var reports = new List<DeliveryReport>();
        var index = 0;
        foreach (var item in batch.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return new WebhookRead.Refused(400, $"{MandrillWebhookScheme.EventsField}[{index}] is not an object.");
            }

            var name = item.Str("event").NonEmpty();
            var kind = name is null ? null : KindOf(name);
            var msg = item.Field("msg");
            if (name is null || name == "inbound" || msg?.Str("email").NonEmpty() is not { } recipient)
            {
                if (kind is not null)
                {
                    return new WebhookRead.Refused(400, $"{MandrillWebhookScheme.EventsField}[{index}] ('{name}') has no msg.email.");
                }

                index++;
                continue;
            }

            var id = msg?.Text("_id").NonEmpty() ?? item.Text("_id").NonEmpty();
            var ts = item.Text("ts");
            reports.Add(new DeliveryReport(
                provider,
                name,
                kind,
                recipient,
                HmacSchemeJson.MessageIdIn(msg?.Field("metadata")),
                id,
                HmacSchemeJson.UnixTime(item.Field("ts")) ?? now,
                id is null ? null : $"{id}:{name}:{ts}",
                Detail(msg)));
            index++;
        }

        return new WebhookRead.Events(reports);
    }

    private static DeliveryEventKind? KindOf(string name) => name switch
    {
        "send" => DeliveryEventKind.Taken,
        "deferral" or "soft_bounce" => DeliveryEventKind.Deferred,
        "delivered" => DeliveryEventKind.Delivered,
        "hard_bounce" => DeliveryEventKind.Bounced,
        "spam" => DeliveryEventKind.Complained,
        _ => null,
    };

    private static string? Detail(JsonElement? msg)
    {
        var smtp = msg?.Field("smtp_events") is { ValueKind: JsonValueKind.Array } events && events.GetArrayLength() > 0
            ? events[events.GetArrayLength() - 1].Text("diag")
            : null;
        return HmacSchemeJson.Short(msg?.Text("diag").NonEmpty() ?? smtp.NonEmpty() ?? msg?.Text("bounce_description"));
    }
}
