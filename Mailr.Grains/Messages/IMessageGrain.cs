using Orleans.Concurrency;

namespace Mailr.Grains.Messages;

/// <summary>One message: it records the request and sends it with failover and retries until every recipient is done.</summary>
[Alias("mailr.IMessageGrain")]
public interface IMessageGrain : IGrainWithStringKey
{
    /// <summary>Durably records the message for its owner and starts sending it at once. Throws if storage fails.</summary>
    [Alias("accept")]
    Task<AcceptOutcome> AcceptAsync(AcceptRequest request);

    /// <summary>
    /// Its due time came (a retry, or the lease of a call whose process died ran out): do what is due.
    /// Sent by the message's due partition; harmless when nothing is due.
    /// </summary>
    [Alias("wake"), OneWay]
    Task WakeAsync();

    /// <summary>
    /// The status of one recipient, or null when the message or recipient is unknown or expired, or the message
    /// belongs to another owner (all alike, so nothing can be probed).
    /// </summary>
    [Alias("status.v2"), AlwaysInterleave]
    Task<RecipientStatus?> GetStatusAsync(RecipientQuery query);

    /// <summary>Counts of recipients per status, or null when the message is unknown, expired or another owner's.</summary>
    [Alias("summary"), AlwaysInterleave]
    Task<MessageSummary?> GetSummaryAsync(MessageQuery query);

    /// <summary>
    /// One recipient's story (by <see cref="Mailbox.Key"/>): the attempts made while it was waiting and how it ended,
    /// or null when the message or recipient is unknown or expired, or the message is another owner's.
    /// </summary>
    [Alias("story"), AlwaysInterleave]
    Task<MessageStory?> GetStoryAsync(RecipientQuery query);

    /// <summary>
    /// Applies provider events about this message's recipients, each result in order; durable (written) before it
    /// answers. Events for an unknown or expired message, or from a provider that was never asked, are unmatched.
    /// </summary>
    [Alias("events")]
    Task<IReadOnlyList<EventResult>> ApplyEventsAsync(IReadOnlyList<Events.DeliveryReport> reports);
}

/// <summary>One recipient's status and, once a provider reported something, its delivery state.</summary>
[GenerateSerializer, Immutable, Alias("mailr.recipient-status")]
public sealed record RecipientStatus(
    [property: Id(0)] DeliveryStatus Status,
    [property: Id(1)] DeliveryState? Delivery);

public enum AcceptOutcome
{
    Accepted,
    AlreadyExists,
}

/// <summary>A message's progress without its recipients' addresses.</summary>
[GenerateSerializer, Immutable, Alias("mailr.message-summary")]
public sealed record MessageSummary(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Sent,
    [property: Id(2)] int Failed,
    [property: Id(3)] DateTimeOffset AcceptedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt)
{
    /// <summary>How many recipients are in each delivery state (those with none are not counted).</summary>
    [Id(5)] public DeliveryCounts Delivery { get; init; } = new(0, 0, 0, 0);
}

/// <summary>Recipients per delivery state.</summary>
[GenerateSerializer, Immutable, Alias("mailr.delivery-counts")]
public sealed record DeliveryCounts(
    [property: Id(0)] int Deferred,
    [property: Id(1)] int Delivered,
    [property: Id(2)] int Bounced,
    [property: Id(3)] int Complained);
