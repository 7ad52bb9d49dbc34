namespace Mailr.Grains.Messages;

/// <summary>A message as the caller asked for it, validated, recipients de-duplicated: its content and where it goes.</summary>
[GenerateSerializer, Immutable, Alias("mailr.outgoing-message.v2")]
public sealed record OutgoingMessage(
    [property: Id(0)] MessageContent Content,
    [property: Id(1)] IReadOnlyList<Mailbox> To,
    [property: Id(2)] IReadOnlyList<Mailbox> Cc,
    [property: Id(3)] IReadOnlyList<Mailbox> Bcc);
