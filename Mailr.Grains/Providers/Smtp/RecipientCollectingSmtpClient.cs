using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Mailr.Grains.Providers.Smtp;

/// <summary>
/// A MailKit client that records each refused <c>RCPT TO</c> instead of throwing, so one refused
/// recipient does not stop the others; and that reports how far the message body got.
/// </summary>
internal sealed class RecipientCollectingSmtpClient : SmtpClient, ITransferProgress
{
    public List<(MailboxAddress Mailbox, SmtpResponse Response)> Refused { get; } = [];

    public long Transferred { get; private set; }

    public long Total { get; private set; }

    public bool DataStarted { get; private set; }

    /// <summary>
    /// False once SMTPUTF8 was switched off on this connection: then an envelope with a non-ASCII local
    /// part needs a new connection.
    /// </summary>
    public bool CanSendSmtpUtf8 { get; private set; } = true;

    /// <summary>
    /// Switches SMTPUTF8 off for an envelope whose local parts are all ASCII, so MailKit writes the
    /// domains in punycode. With it on, MailKit sends every domain decoded to Unicode (a MimeKit
    /// address always holds the decoded form), which a server that offers SMTPUTF8 may still mangle.
    /// </summary>
    public void PrepareEnvelope(bool needsSmtpUtf8)
    {
        if (!needsSmtpUtf8 && Capabilities.HasFlag(SmtpCapabilities.UTF8))
        {
            Capabilities &= ~SmtpCapabilities.UTF8;
            CanSendSmtpUtf8 = false;
        }
    }

    public void Reset()
    {
        Refused.Clear();
        (Transferred, Total, DataStarted) = (0, 0, false);
    }

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        Refused.Add((mailbox, response));

    protected override void OnNoRecipientsAccepted(MimeMessage message) => throw new NoRecipientAcceptedException();

    void ITransferProgress.Report(long bytesTransferred, long totalSize) => (Transferred, Total, DataStarted) = (bytesTransferred, totalSize, true);

    void ITransferProgress.Report(long bytesTransferred) => (Transferred, DataStarted) = (bytesTransferred, true);
}

/// <summary>Every <c>RCPT TO</c> was refused; the answers are in <see cref="RecipientCollectingSmtpClient.Refused"/>.</summary>
internal sealed class NoRecipientAcceptedException() : Exception("no recipient was accepted");
