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

    public static MessageContent Of(OutgoingMessage message) => new(message.From, message.Subject, message.Text)
    {
        Html = message.Html,
        ReplyTo = message.ReplyTo,
        Headers = message.Headers,
        Attachments = message.Attachments,
    };
}
