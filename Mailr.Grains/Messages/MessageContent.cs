namespace Mailr.Grains.Messages;

/// <summary>
/// What a message says, as opposed to where it goes: the one content type, carried whole from the API
/// (<see cref="OutgoingMessage"/>) through the store to every provider call (<see cref="Providers.OutgoingEmail"/>).
/// Written once at acceptance and dropped as soon as every recipient is sent or failed (the recipients and
/// their progress live in <see cref="MessageState"/>). A new field is added here, in the request and its
/// validator, and in the Idempotency-Key fingerprint; then in each provider that can carry it.
/// </summary>
/// <param name="Text">The plain-text body; a message has <see cref="Text"/>, <see cref="Html"/> or both.</param>
[GenerateSerializer, Immutable, Alias("mailr.message-content")]
public sealed record MessageContent(
    [property: Id(0)] Mailbox From,
    [property: Id(1)] string Subject,
    [property: Id(2)] string? Text)
{
    /// <summary>The HTML body; with <see cref="Text"/> too, the message is multipart/alternative.</summary>
    [Id(3)] public string? Html { get; init; }

    [Id(4)] public IReadOnlyList<Mailbox> ReplyTo { get; init; } = [];

    /// <summary>Extra <c>X-</c> headers the caller asked for.</summary>
    [Id(5)] public IReadOnlyList<MessageHeader> Headers { get; init; } = [];

    [Id(6)] public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>The plain-text part to send: the text ("" when there is neither text nor HTML), or null when the message is HTML only.</summary>
    public string? PlainText => Html is null ? Text ?? "" : string.IsNullOrEmpty(Text) ? null : Text;
}
