using Mailr.Grains.Providers.Mime;
using MimeKit;

namespace Mailr.Grains.Providers.Pickup;

/// <summary>
/// Builds the pickup file's message. It follows the System.Net.Mail / IIS pickup convention: the
/// envelope comes first as one <c>X-Sender</c> line and one <c>X-Receiver</c> line per recipient
/// (To, Cc and Bcc), then the RFC 5322 message of <see cref="MimeMessageBuilder"/>, which carries
/// no <c>Bcc</c> header. The file is 7-bit: unicode is encoded, domains are punycode.
/// </summary>
internal static class PickupMessage
{
    public const string SenderHeader = "X-Sender";
    public const string ReceiverHeader = "X-Receiver";

    public static MimeMessage Create(OutgoingEmail email)
    {
        // A caller's X-Sender or X-Receiver would read as envelope lines to a pickup reader: an injected recipient.
        var message = MimeMessageBuilder.Build(email with { Content = email.Content with { Headers = [.. email.Content.Headers.Where(h => !IsEnvelopeHeader(h.Name))] } });

        var envelope = email.Recipients.Select(r => new Header(ReceiverHeader, r.AsciiAddress)).Prepend(new Header(SenderHeader, email.Content.From.AsciiAddress));
        var index = 0;
        foreach (var header in envelope)
        {
            message.Headers.Insert(index++, header);
        }

        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }

    private static bool IsEnvelopeHeader(string name) =>
        name.Equals(SenderHeader, StringComparison.OrdinalIgnoreCase) || name.Equals(ReceiverHeader, StringComparison.OrdinalIgnoreCase);
}
