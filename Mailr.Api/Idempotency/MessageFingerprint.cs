using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Mailr.Grains.Messages;

namespace Mailr.Api.Idempotency;

/// <summary>
/// The SHA-256 of a canonical form of the validated message: every field in a fixed order, so two bodies that ask for the same
/// message (members reordered, different spacing or escapes) match, whatever parsed them.
/// </summary>
public static class MessageFingerprint
{
    public static string Of(OutgoingMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            Mailboxes(json, [message.From]);
            Mailboxes(json, message.To);
            Mailboxes(json, message.Cc);
            Mailboxes(json, message.Bcc);
            json.WriteStringValue(message.Subject);
            json.WriteStringValue(message.Text);
            json.WriteStringValue(message.Html);
            Mailboxes(json, message.ReplyTo);
            json.WriteStartArray();
            foreach (var header in message.Headers)
            {
                json.WriteStringValue(header.Name);
                json.WriteStringValue(header.Value);
            }

            json.WriteEndArray();
            json.WriteStartArray();
            foreach (var attachment in message.Attachments)
            {
                json.WriteStringValue(attachment.FileName);
                json.WriteStringValue(attachment.ContentType);
                json.WriteBase64StringValue(attachment.Content);
            }

            json.WriteEndArray();
            json.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Mailboxes(Utf8JsonWriter json, IReadOnlyList<Mailbox> mailboxes)
    {
        json.WriteStartArray();
        foreach (var mailbox in mailboxes)
        {
            json.WriteStringValue(mailbox.Address);
            json.WriteStringValue(mailbox.Name);
        }

        json.WriteEndArray();
    }
}
