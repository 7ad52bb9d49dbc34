using Mailr.Grains.Messages;

namespace Mailr.Grains.Providers;

/// <summary>What one provider call sends: the message, addressed to the recipients still waiting.</summary>
/// <param name="MessageId">Mailr's id of the message, for the provider's custom data (never a header of the email).</param>
public sealed record OutgoingEmail(
    string MessageId,
    Mailbox From,
    IReadOnlyList<Mailbox> To,
    IReadOnlyList<Mailbox> Cc,
    IReadOnlyList<Mailbox> Bcc,
    string Subject,
    string Text)
{
    /// <summary>Every recipient of this call, To then Cc then Bcc.</summary>
    public IEnumerable<Mailbox> Recipients => To.Concat(Cc).Concat(Bcc);
}
