namespace Mailr.Grains.Messages;

/// <summary>
/// What a message says, as opposed to where it goes: written once at acceptance and dropped as soon as
/// every recipient is sent or failed (the recipients and their progress live in <see cref="MessageState"/>).
/// </summary>
public sealed record MessageContent(Mailbox From, string Subject, string? Text)
{
    public string? Html { get; init; }

    public IReadOnlyList<Mailbox> ReplyTo { get; init; } = [];

    public IReadOnlyList<MessageHeader> Headers { get; init; } = [];

    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    // Value equality over the lists too (a stored copy reads back as new lists).
    public bool Equals(MessageContent? other) =>
        other is not null && From == other.From && Subject == other.Subject && Text == other.Text && Html == other.Html
        && ReplyTo.SequenceEqual(other.ReplyTo) && Headers.SequenceEqual(other.Headers) && Attachments.SequenceEqual(other.Attachments);

    public override int GetHashCode() => HashCode.Combine(From, Subject, Text, Html, ReplyTo.Count, Headers.Count, Attachments.Count);

    public static MessageContent Of(OutgoingMessage message) => new(message.From, message.Subject, message.Text)
    {
        Html = message.Html,
        ReplyTo = message.ReplyTo,
        Headers = message.Headers,
        Attachments = message.Attachments,
    };
}
