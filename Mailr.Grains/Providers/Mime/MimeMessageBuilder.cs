using System.Security.Cryptography;
using System.Text;
using Mailr.Grains.Messages;
using MimeKit;

namespace Mailr.Grains.Providers.Mime;

/// <summary>
/// The one RFC 5322 builder for every provider that sends a raw message (Smtp, Pickup): From, To, Cc
/// (never Bcc), Reply-To, Subject, the caller's <c>X-</c> headers, a text, html or
/// multipart/alternative body and attachments in multipart/mixed. Unicode names, subjects and file
/// names are encoded by MimeKit when the message is written; domains are punycode.
/// </summary>
internal static class MimeMessageBuilder
{
    public static MimeMessage Build(OutgoingEmail email)
    {
        var message = new MimeMessage { Subject = email.Content.Subject, MessageId = MessageIdFor(email) };
        message.From.Add(ToAddress(email.Content.From));
        message.To.AddRange(email.To.Select(ToAddress));
        message.Cc.AddRange(email.Cc.Select(ToAddress));
        message.ReplyTo.AddRange(email.Content.ReplyTo.Select(ToAddress));
        foreach (var header in email.Content.Headers)
        {
            message.Headers.Add(header.Name, header.Value);
        }

        var body = new BodyBuilder { TextBody = email.Content.PlainText, HtmlBody = email.Content.Html };
        foreach (var attachment in email.Content.Attachments)
        {
            var contentType = ContentType.TryParse(attachment.ContentType, out var parsed) ? parsed : new ContentType("application", "octet-stream");
            body.Attachments.Add(attachment.FileName, attachment.Content, contentType);
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>An address as providers get it: the display name kept, the domain in ASCII.</summary>
    public static MailboxAddress ToAddress(Mailbox mailbox) => new(mailbox.Name, mailbox.AsciiAddress);

    /// <summary>
    /// The same Message-ID for every attempt of one message (so a receiver can see a retry for what
    /// it is), derived by a one-way hash: the Mailr id itself never appears in the email.
    /// </summary>
    private static string MessageIdFor(OutgoingEmail email)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("mailr-message-id:" + email.MessageId));
        var domain = email.Content.From.AsciiAddress[(email.Content.From.AsciiAddress.LastIndexOf('@') + 1)..];
        return $"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}@{domain}";
    }
}
