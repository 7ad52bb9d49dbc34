using System.Text.Json;
using Mailr.Grains.Events;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// One Postmark event as a report. A bounce's kind comes from its <c>Type</c> (its <c>TypeCode</c> only when the type is
/// absent: Postmark's own SpamComplaint sample carries the code of SpamNotification). Bounces about the message, the
/// sender or Postmark (Blocked, DMARCPolicy, Unconfirmed, auto-replies...) are not tracked.
/// </summary>
internal static class PostmarkEvent
{
    private static readonly Dictionary<string, DeliveryEventKind> s_bounceTypes = new(StringComparer.Ordinal)
    {
        ["HardBounce"] = DeliveryEventKind.Bounced,
        ["BadEmailAddress"] = DeliveryEventKind.Bounced,
        ["SpamComplaint"] = DeliveryEventKind.Complained,
        ["SpamNotification"] = DeliveryEventKind.Complained,
        ["Transient"] = DeliveryEventKind.Deferred,
        ["SoftBounce"] = DeliveryEventKind.Deferred,
        ["DnsError"] = DeliveryEventKind.Deferred,
    };

    private static readonly Dictionary<string, string> s_typeCodes = new(StringComparer.Ordinal)
    {
        ["1"] = "HardBounce",
        ["2"] = "Transient",
        ["256"] = "DnsError",
        ["512"] = "SpamNotification",
        ["4096"] = "SoftBounce",
        ["100000"] = "BadEmailAddress",
        ["100001"] = "SpamComplaint",
    };

    public static WebhookRead Read(JsonElement root, string provider, DateTimeOffset now)
    {
        if (root.Str("RecordType").NonEmpty() is not { } recordType)
        {
            return new WebhookRead.Refused(400, "RecordType is missing: not a Postmark event.");
        }

        var bounceType = root.Str("Type").NonEmpty() ?? s_typeCodes.GetValueOrDefault(root.Text("TypeCode") ?? "");
        DeliveryEventKind? kind = recordType switch
        {
            "Delivery" => DeliveryEventKind.Delivered,
            "SpamComplaint" => DeliveryEventKind.Complained,
            "Bounce" when bounceType is not null && s_bounceTypes.TryGetValue(bounceType, out var mapped) => mapped,
            _ => null,
        };

        var recipient = recordType is "Bounce" or "SpamComplaint" ? root.Str("Email").NonEmpty() ?? root.Str("Recipient").NonEmpty() : root.Str("Recipient").NonEmpty() ?? root.Str("Email").NonEmpty();
        if (recipient is null)
        {
            return kind is null ? new WebhookRead.Events([]) : new WebhookRead.Refused(400, $"A {recordType} event without Email or Recipient.");
        }

        var time = root.Str("DeliveredAt") ?? root.Str("BouncedAt") ?? root.Str("ReceivedAt") ?? root.Str("ChangedAt");
        return new WebhookRead.Events(
        [
            new DeliveryReport(
                provider,
                bounceType is null || recordType != "Bounce" ? recordType : $"{recordType}/{bounceType}",
                kind,
                recipient,
                HmacSchemeJson.MessageIdIn(root.Field("Metadata")),
                root.Text("MessageID").NonEmpty(),
                HmacSchemeJson.IsoTime(time) ?? now,
                root.Text("ID").NonEmpty(),
                HmacSchemeJson.Short(root.Text("Details").NonEmpty() ?? root.Text("Description"))),
        ]);
    }
}
