using Mailr.Grains.Providers;

namespace Mailr.Grains.Messages;

/// <summary>What happened to a message for one recipient, without provider names or other recipients.</summary>
[GenerateSerializer, Immutable, Alias("mailr.message-story")]
public sealed record MessageStory(
    [property: Id(0)] DeliveryStatus Status,
    [property: Id(1)] DateTimeOffset AcceptedAt,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] DateTimeOffset? FinishedAt,
    [property: Id(4)] string? Reason,
    [property: Id(5)] DateTimeOffset? NextAttemptAt,
    [property: Id(6)] IReadOnlyList<StoryAttempt> Attempts);

/// <summary>One provider call made while the recipient was waiting; the provider stays anonymous.</summary>
[GenerateSerializer, Immutable, Alias("mailr.story-attempt")]
public sealed record StoryAttempt(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] OutcomeClass Outcome,
    [property: Id(2)] int Round);
