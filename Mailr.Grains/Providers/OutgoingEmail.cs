using Mailr.Grains.Messages;

namespace Mailr.Grains.Providers;

/// <summary>What one provider call sends: the message, addressed to the recipients still waiting.</summary>
/// <param name="MessageId">Mailr's id of the message, for the provider's custom data (never a header of the email).</param>
/// <param name="Text">The plain-text body, or "" when the message has only <see cref="Html"/>.</param>
public sealed record OutgoingEmail(
    string MessageId,
    Mailbox From,
    IReadOnlyList<Mailbox> To,
    IReadOnlyList<Mailbox> Cc,
    IReadOnlyList<Mailbox> Bcc,
    string Subject,
    string Text)
{
    /// <summary>The HTML body, when the message has one.</summary>
    public string? Html { get; init; }

    public IReadOnlyList<Mailbox> ReplyTo { get; init; } = [];

    /// <summary>Extra <c>X-</c> headers the caller asked for.</summary>
    public IReadOnlyList<MessageHeader> Headers { get; init; } = [];

    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>Every recipient of this call, To then Cc then Bcc.</summary>
    public IEnumerable<Mailbox> Recipients => To.Concat(Cc).Concat(Bcc);

    /// <summary>A recipient's address as the caller wrote it, from the form a provider echoed (for example its punycode form).</summary>
    public string AsWritten(string echoed) => Recipients.FirstOrDefault(r => r.Matches(echoed))?.Address ?? echoed;
}
