using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Mailr.Grains.Messages;

namespace Mailr.Api.Idempotency;

/// <summary>
/// The SHA-256 of a canonical form of the validated message: every field of its <see cref="MessageContent"/> and its
/// recipients in a fixed order, so two bodies that ask for the same message (members reordered, different spacing or escapes)
/// match, whatever parsed them. The form is kept byte for byte across releases (a changed form would answer 422 to a client
/// retrying its key across a deploy); a field added to the content is appended at the end, and MessageFingerprintTests fail
/// until it is.
/// </summary>
public static class MessageFingerprint
{
    public static string Of(OutgoingMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var content = message.Content;
            json.WriteStartArray();
            Mailboxes(json, [content.From]);
            Mailboxes(json, message.To);
            Mailboxes(json, message.Cc);
            Mailboxes(json, message.Bcc);
            json.WriteStringValue(content.Subject);
            json.WriteStringValue(content.Text);
            json.WriteStringValue(content.Html);
            Mailboxes(json, content.ReplyTo);
            json.WriteStartArray();
            foreach (var header in content.Headers)
            {
                json.WriteStringValue(header.Name);
                json.WriteStringValue(header.Value);
            }

            json.WriteEndArray();
            json.WriteStartArray();
            foreach (var attachment in content.Attachments)
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
