using System.Globalization;
using System.Text.Json;
using Mailr.Grains.Events;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>A verified SendGrid batch (a JSON array of events, one recipient each) as delivery reports, in order.</summary>
internal static class SendGridEvents
{
    public static WebhookRead Read(ReadOnlyMemory<byte> body, string provider)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return new WebhookRead.Refused(400, "The body is not JSON.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return new WebhookRead.Refused(400, "The body is not a JSON array of events.");
            }

            var reports = new List<DeliveryReport>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (Report(item, provider) is not { } report)
                {
                    return new WebhookRead.Refused(400, $"Event {reports.Count} lacks a string event, a string email or a numeric timestamp.");
                }

                reports.Add(report);
            }

            return new WebhookRead.Events(reports);
        }
    }

    private static DeliveryReport? Report(JsonElement item, string provider)
    {
        if (JsonFields.Text(item, "event") is not { } name || JsonFields.Text(item, "email") is not { } email || Seconds(item) is not { } at)
        {
            return null;
        }

        // custom_args arrive as top-level fields of each event, beside SendGrid's own.
        return new DeliveryReport(
            provider,
            name,
            Kind(name, JsonFields.Text(item, "type"), JsonFields.Text(item, "reason")),
            email,
            ProviderMetadata.MessageIdFrom(key => JsonFields.Text(item, key)),
            JsonFields.Text(item, "sg_message_id"),
            at,
            JsonFields.Text(item, "sg_event_id"),
            JsonFields.Short(JsonFields.Text(item, "reason") ?? JsonFields.Text(item, "response")));
    }

    // bounce with type "blocked" (and the newer blocked event) is SendGrid's soft bounce: the receiving server refused for now.
    // dropped: SendGrid will never send it. By its reason: the address is on SendGrid's bounce or invalid list (a bounce),
    // its unsubscribe or spam-report list (a complaint), or the reason is about the message or the account ("Invalid SMTPAPI
    // header", "Spam Content"): not about the address, so not tracked (never a suppression).
    private static DeliveryEventKind? Kind(string name, string? type, string? reason) => name switch
    {
        "processed" => DeliveryEventKind.Taken,
        "deferred" or "blocked" => DeliveryEventKind.Deferred,
        "delivered" => DeliveryEventKind.Delivered,
        "bounce" => type == "blocked" ? DeliveryEventKind.Deferred : DeliveryEventKind.Bounced,
        "dropped" => Dropped(reason),
        "spamreport" => DeliveryEventKind.Complained,
        _ => null,
    };

    private static DeliveryEventKind? Dropped(string? reason) => reason switch
    {
        not null when reason.Contains("Bounced Address", StringComparison.OrdinalIgnoreCase) || reason.StartsWith("Invalid", StringComparison.OrdinalIgnoreCase)
            && !reason.Contains("SMTPAPI", StringComparison.OrdinalIgnoreCase) => DeliveryEventKind.Bounced,
        not null when reason.Contains("Unsubscribed Address", StringComparison.OrdinalIgnoreCase) || reason.Contains("Spam Reporting Address", StringComparison.OrdinalIgnoreCase) => DeliveryEventKind.Complained,
        _ => null,
    };

    private static DateTimeOffset? Seconds(JsonElement item)
    {
        var max = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        var seconds = JsonFields.Property(item, "timestamp") switch
        {
            { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var whole) => whole,
            { ValueKind: JsonValueKind.Number } number when number.TryGetDouble(out var real) && real >= 0 && real <= max => (long)real,
            { ValueKind: JsonValueKind.String } text when long.TryParse(JsonFields.AsString(text), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => -1,
        };
        return seconds >= 0 && seconds <= max ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
    }
}
