using Mailr.Grains.Messages;

namespace Mailr.Grains.Providers;

/// <summary>What one provider call sends: the message's content, addressed to the recipients still waiting.</summary>
/// <param name="MessageId">Mailr's id of the message, for the provider's custom data (never a header of the email).</param>
public sealed record OutgoingEmail(
    string MessageId,
    MessageContent Content,
    IReadOnlyList<Mailbox> To,
    IReadOnlyList<Mailbox> Cc,
    IReadOnlyList<Mailbox> Bcc)
{
    /// <summary>Every recipient of this call, To then Cc then Bcc.</summary>
    public IEnumerable<Mailbox> Recipients => To.Concat(Cc).Concat(Bcc);

    /// <summary>A recipient's address as the caller wrote it, from the form a provider echoed (for example its punycode form).</summary>
    public string AsWritten(string echoed) => Recipients.FirstOrDefault(r => r.Matches(echoed))?.Address ?? echoed;
}
