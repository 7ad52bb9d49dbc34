using Mailr.Grains.Messages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.Messages;

/// <summary>Turns a <see cref="SendMessageRequest"/> into an <see cref="OutgoingMessage"/>, or the 4xx answer that says what is wrong.</summary>
public static class SendMessageValidator
{
    /// <summary>The body's members, to word what the strict reader refused.</summary>
    public static readonly JsonShape Shape = new(
        new("from", JsonShape.MemberKind.String, Required: true),
        new("to", JsonShape.MemberKind.StringList, Required: true),
        new("cc", JsonShape.MemberKind.StringList),
        new("bcc", JsonShape.MemberKind.StringList),
        new("subject", JsonShape.MemberKind.String, Required: true),
        new("text", JsonShape.MemberKind.String),
        new("html", JsonShape.MemberKind.String),
        new("reply_to", JsonShape.MemberKind.StringList),
        new("headers", JsonShape.MemberKind.Nested, Nested: RichContentValidator.DescribeHeaders),
        new("attachments", JsonShape.MemberKind.Nested, Nested: RichContentValidator.DescribeAttachments));

    public static (OutgoingMessage? Message, JsonHttpResult<ErrorResponse>? Error) Validate(SendMessageRequest request, LimitsOptions limits)
    {
        var (to, cc, bcc, replyTo) = (request.To, request.Cc ?? [], request.Bcc ?? [], request.ReplyTo ?? []);
        var nullIn = new[] { ("to", to), ("cc", cc), ("bcc", bcc), ("reply_to", replyTo) }.FirstOrDefault(l => l.Item2.Any(a => a is null)).Item1;
        if (nullIn is not null)
        {
            return (null, Errors.BadRequest(JsonShape.ListOfStrings(nullIn)));
        }

        var (headers, headerError) = RichContentValidator.Headers(request.Headers);
        var (attachments, attachmentError) = RichContentValidator.Attachments(request.Attachments);
        if ((headerError ?? attachmentError) is { } error)
        {
            return (null, Errors.BadRequest(error));
        }

        if (request.Text is null && request.Html is null)
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

        if (request.Subject.Any(char.IsControl))
        {
            return (null, Errors.BadRequest("The field 'subject' must not contain line breaks or other control characters."));
        }

        var invalid = new List<string>();
        var sender = Parse([request.From], invalid);
        var recipients = (To: Parse(to, invalid), Cc: Parse(cc, invalid), Bcc: Parse(bcc, invalid));
        var replies = Parse(replyTo, invalid);
        if (invalid.Count > 0)
        {
            return (null, Errors.InvalidEmails(invalid));
        }

        // A recipient listed twice gets one copy, in the most visible place it was listed.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var content = new MessageContent(sender[0], request.Subject, request.Text)
        {
            Html = request.Html,
            ReplyTo = replies,
            Headers = headers,
            Attachments = attachments,
        };
        var message = new OutgoingMessage(content, Distinct(recipients.To, seen), Distinct(recipients.Cc, seen), Distinct(recipients.Bcc, seen));
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
