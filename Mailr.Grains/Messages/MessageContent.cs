namespace Mailr.Grains.Messages;

/// <summary>
/// What a message says, as opposed to where it goes: written once at acceptance and dropped as soon as
/// every recipient is sent or failed (the recipients and their progress live in <see cref="MessageState"/>).
/// </summary>
public sealed record MessageContent(Mailbox From, string Subject, string? Text)
{
    public static MessageContent Of(OutgoingMessage message) => new(message.From, message.Subject, message.Text);
}
