using Mailr.Grains.Messages;
using MimeKit;

namespace Mailr.Grains.Providers.Pickup;

/// <summary>
/// Builds the pickup file's message. It follows the System.Net.Mail / IIS pickup convention: the
/// envelope comes first as one <c>X-Sender</c> line and one <c>X-Receiver</c> line per recipient
/// (To, Cc and Bcc), then the RFC 5322 message, which carries no <c>Bcc</c> header.
/// </summary>
internal static class PickupMessage
{
    public const string SenderHeader = "X-Sender";
    public const string ReceiverHeader = "X-Receiver";

    public static MimeMessage Create(OutgoingEmail email)
    {
        var message = new MimeMessage { Subject = email.Subject, Body = new TextPart("plain") { Text = email.Text } };
        message.From.Add(ToMailboxAddress(email.From));
        message.To.AddRange(email.To.Select(ToMailboxAddress));
        message.Cc.AddRange(email.Cc.Select(ToMailboxAddress));

        var envelope = email.Recipients.Select(r => new Header(ReceiverHeader, r.AsciiAddress)).Prepend(new Header(SenderHeader, email.From.AsciiAddress));
        var index = 0;
        foreach (var header in envelope)
        {
            message.Headers.Insert(index++, header);
        }

        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }

    private static MailboxAddress ToMailboxAddress(Mailbox mailbox) => new(mailbox.Name, mailbox.AsciiAddress);
}
