using Mailr.Grains.Events;

namespace Mailr.Grains.Messages;

/// <summary>What applying a provider event did.</summary>
public enum EventResult
{
    /// <summary>It moved the recipient's delivery state forward, or proved the provider took it.</summary>
    Applied,

    /// <summary>The same event again, or one that says what is known already: nothing changed.</summary>
    Duplicate,

    /// <summary>It would move the state back, or it is older than the event that set it: nothing changed.</summary>
    Stale,

    /// <summary>An event Mailr does not track (opens, clicks, unsubscribes): acknowledged, not recorded.</summary>
    Ignored,

    /// <summary>No such message (unknown or expired), recipient, or attempt through that provider: acknowledged, not recorded.</summary>
    Unmatched,
}

/// <summary>A provider event recorded in a message's story, for one recipient (by <see cref="Mailbox.Key"/>).</summary>
[GenerateSerializer, Immutable, Alias("mailr.event-record")]
public sealed record EventRecord(
    [property: Id(0)] DateTimeOffset ReceivedAt,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] string Provider,
    [property: Id(3)] string RecipientKey,
    [property: Id(4)] DeliveryEventKind Kind,
    [property: Id(5)] EventResult Result,
    [property: Id(6)] string? EventId);
