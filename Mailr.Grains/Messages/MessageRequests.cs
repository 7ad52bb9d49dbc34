namespace Mailr.Grains.Messages;

/// <summary>Record <paramref name="Message"/> for <paramref name="Owner"/>: the API key's name, or "" in open mode.</summary>
[GenerateSerializer, Immutable, Alias("mailr.accept-request")]
public sealed record AcceptRequest(
    [property: Id(0)] string Owner,
    [property: Id(1)] OutgoingMessage Message);

/// <summary>A question about one recipient (by <see cref="Mailbox.Key"/>), asked by <paramref name="Owner"/>.</summary>
[GenerateSerializer, Immutable, Alias("mailr.recipient-query")]
public sealed record RecipientQuery(
    [property: Id(0)] string Owner,
    [property: Id(1)] string RecipientKey);

/// <summary>A question about the whole message, asked by <paramref name="Owner"/>.</summary>
[GenerateSerializer, Immutable, Alias("mailr.message-query")]
public sealed record MessageQuery(
    [property: Id(0)] string Owner);
