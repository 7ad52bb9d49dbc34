using System.Text.Json;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;

namespace Mailr.Api.Messages;

/// <summary>Turns a <c>POST /messages</c> body into an <see cref="OutgoingMessage"/>, or the 4xx answer that says what is wrong.</summary>
public static class SendMessageReader
{
    private static readonly string[] s_fields = ["from", "to", "cc", "bcc", "subject", "text", "html", "reply_to", "headers", "attachments"];

    public static (OutgoingMessage? Message, IResult? Error) Read(JsonElement root, LimitsOptions limits)
    {
        var fields = JsonFields.Read(root, s_fields);
        var from = fields.String("from");
        var to = fields.Strings("to");
        var cc = fields.Strings("cc", required: false);
        var bcc = fields.Strings("bcc", required: false);
        var subject = fields.String("subject");
        var text = fields.String("text", required: false);
        var html = fields.String("html", required: false);
        var replyTo = fields.Strings("reply_to", required: false);
        var headers = RichContentReader.Headers(fields);
        var attachments = RichContentReader.Attachments(fields);
        if (fields.Error is not null)
        {
            return (null, Errors.BadRequest(fields.Error));
        }

        if (text is null && html is null)
        {
            return (null, Errors.BadRequest("The message needs a body: the field 'text', the field 'html', or both."));
        }

        var attachmentBytes = attachments.Sum(a => (long)a.Content.Length);
        if (attachmentBytes > limits.MaxAttachmentBytes)
        {
            return (null, Errors.Json(StatusCodes.Status413PayloadTooLarge,
                $"The attachments hold {attachmentBytes} bytes; the limit is {limits.MaxAttachmentBytes} (Mailr:Limits:MaxAttachmentBytes)."));
        }

        if (to.Count == 0)
        {
            return (null, Errors.BadRequest("The field 'to' must list at least one address."));
        }

        var count = to.Count + cc.Count + bcc.Count;
        if (count > limits.MaxRecipients)
        {
            return (null, Errors.Json(StatusCodes.Status413PayloadTooLarge, $"The message has {count} recipients; the limit is {limits.MaxRecipients}."));
        }

        if (subject!.Any(char.IsControl))
        {
            return (null, Errors.BadRequest("The field 'subject' must not contain line breaks or other control characters."));
        }

        var invalid = new List<string>();
        var sender = Parse([from!], invalid);
        var recipients = (To: Parse(to, invalid), Cc: Parse(cc, invalid), Bcc: Parse(bcc, invalid));
        var replies = Parse(replyTo, invalid);
        if (invalid.Count > 0)
        {
            return (null, Errors.InvalidEmails(invalid));
        }

        // A recipient listed twice gets one copy, in the most visible place it was listed.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var message = new OutgoingMessage(sender[0], Distinct(recipients.To, seen), Distinct(recipients.Cc, seen), Distinct(recipients.Bcc, seen), subject!, text)
        {
            Html = html,
            ReplyTo = replies,
            Headers = headers,
            Attachments = attachments,
        };
        return (message, null);
    }

    private static List<Mailbox> Parse(IReadOnlyList<string> addresses, List<string> invalid)
    {
        var parsed = new List<Mailbox>(addresses.Count);
        foreach (var address in addresses)
        {
            if (MailboxParser.TryParse(address, out var mailbox))
            {
                parsed.Add(mailbox);
            }
            else
            {
                invalid.Add(address);
            }
        }

        return parsed;
    }

    private static List<Mailbox> Distinct(List<Mailbox> mailboxes, HashSet<string> seen) => [.. mailboxes.Where(m => seen.Add(m.Key))];
}
