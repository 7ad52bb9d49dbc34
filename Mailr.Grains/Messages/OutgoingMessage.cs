namespace Mailr.Grains.Messages;

/// <summary>A message as the caller asked for it, validated, recipients de-duplicated.</summary>
[GenerateSerializer, Immutable, Alias("mailr.outgoing-message")]
public sealed record OutgoingMessage(
    [property: Id(0)] Mailbox From,
    [property: Id(1)] IReadOnlyList<Mailbox> To,
    [property: Id(2)] IReadOnlyList<Mailbox> Cc,
    [property: Id(3)] IReadOnlyList<Mailbox> Bcc,
    [property: Id(4)] string Subject,
    [property: Id(5)] string? Text);
