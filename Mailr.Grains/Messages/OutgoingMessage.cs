namespace Mailr.Grains.Messages;

/// <summary>A message as the caller asked for it, validated, recipients de-duplicated.</summary>
/// <param name="Text">The plain-text body; a message has <see cref="Text"/>, <see cref="Html"/> or both.</param>
[GenerateSerializer, Immutable, Alias("mailr.outgoing-message")]
public sealed record OutgoingMessage(
    [property: Id(0)] Mailbox From,
    [property: Id(1)] IReadOnlyList<Mailbox> To,
    [property: Id(2)] IReadOnlyList<Mailbox> Cc,
    [property: Id(3)] IReadOnlyList<Mailbox> Bcc,
    [property: Id(4)] string Subject,
    [property: Id(5)] string? Text)
{
    /// <summary>The HTML body; with <see cref="Text"/> too, the message is multipart/alternative.</summary>
    [Id(6)] public string? Html { get; init; }

    [Id(7)] public IReadOnlyList<Mailbox> ReplyTo { get; init; } = [];

    [Id(8)] public IReadOnlyList<MessageHeader> Headers { get; init; } = [];

    [Id(9)] public IReadOnlyList<Attachment> Attachments { get; init; } = [];
}
