using System.Text.Json;
using Mailr.Grains.Events;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// The SES event an SNS notification carries in its <c>Message</c>: configuration-set event publishing
/// (<c>eventType</c>, with <c>mail.tags</c>) or an identity notification (<c>notificationType</c>, no tags), as
/// "Examples of event data that Amazon SES publishes to Amazon SNS" shows them. One report per recipient.
/// </summary>
internal static class SesEvents
{
    public static WebhookRead Read(SnsEnvelope envelope, string provider)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(envelope.Message);
        }
        catch (JsonException)
        {
            return new WebhookRead.Refused(400, "The SNS Message is not JSON (an SES event was expected).");
        }

        using (document)
        {
            return Read(document.RootElement, envelope, provider);
        }
    }

    private static WebhookRead Read(JsonElement root, SnsEnvelope envelope, string provider)
    {
        if ((JsonFields.Text(root, "eventType") ?? JsonFields.Text(root, "notificationType")) is not { } type)
        {
            return Malformed("has no eventType or notificationType");
        }

        var shape = SesEventShape.Of(type);
        if (JsonFields.ObjectOf(root, "mail") is not { } mail)
        {
            // Not about a message (SES's AmazonSnsSubscriptionSucceeded test notice): nothing to apply.
            return shape.Tracked ? Malformed($"{type} has no mail object") : new WebhookRead.Events([]);
        }

        var section = shape.Section is null ? default : JsonFields.ObjectOf(root, shape.Section) ?? default;
        if (shape.List is not null && section.ValueKind != JsonValueKind.Object)
        {
            return Malformed($"{type} has no {shape.Section} object");
        }

        var recipients = shape.List is null ? Recipients(JsonFields.ArrayOf(mail, "destination")) : Recipients(JsonFields.ArrayOf(section, shape.List));
        if (recipients is null && (shape.Tracked || JsonFields.Property(mail, "destination") is not null))
        {
            return Malformed($"{type} has no list of recipients ({shape.List ?? "mail.destination"}) with an address each");
        }

        var at = JsonFields.Time(section, "timestamp") ?? JsonFields.Time(mail, "timestamp") ?? JsonFields.Time(envelope.Timestamp);
        if (at is null)
        {
            return Malformed($"{type} has no timestamp");
        }

        var tags = JsonFields.ObjectOf(mail, "tags") ?? default;
        var messageId = ProviderMetadata.MessageIdFrom(key => Tag(tags, key));
        var providerMessageId = JsonFields.Text(mail, "messageId");
        var kind = shape.Kind(section);
        var detail = shape.Detail(section);
        return new WebhookRead.Events([.. (recipients ?? []).Select(r => new DeliveryReport(
            provider,
            type,
            kind,
            r.Address,
            messageId,
            providerMessageId,
            at.Value,
            $"{envelope.MessageId}:{r.Address}",
            JsonFields.Short(r.Diagnostic is null ? detail : detail is null ? r.Diagnostic : $"{detail}: {r.Diagnostic}")))]);
    }

    /// <summary>Addresses as strings (<c>delivery.recipients</c>, <c>mail.destination</c>) or objects with <c>emailAddress</c>.</summary>
    private static List<(string Address, string? Diagnostic)>? Recipients(JsonElement? list)
    {
        if (list is not { } items)
        {
            return null;
        }

        var recipients = new List<(string, string?)>();
        foreach (var item in items.EnumerateArray())
        {
            if ((JsonFields.AsString(item) ?? JsonFields.Text(item, "emailAddress")) is not { } address)
            {
                return null;
            }

            recipients.Add((address, JsonFields.Text(item, "diagnosticCode")));
        }

        return recipients;
    }

    /// <summary>An SES tag: an array of strings (<c>{"mailr_message_id": ["…"]}</c>), or a plain string.</summary>
    private static string? Tag(JsonElement tags, string key) => JsonFields.Property(tags, key) switch
    {
        { ValueKind: JsonValueKind.Array } values => values.EnumerateArray().Select(JsonFields.AsString).FirstOrDefault(v => v is not null),
        { } value => JsonFields.AsString(value),
        null => null,
    };

    private static WebhookRead.Refused Malformed(string problem) => new(400, $"The SES event {problem}.");
}
