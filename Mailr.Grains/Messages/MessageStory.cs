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
    [property: Id(6)] IReadOnlyList<StoryAttempt> Attempts)
{
    /// <summary>What the provider later reported, if anything.</summary>
    [Id(7)] public DeliveryState? Delivery { get; init; }

    /// <summary>The provider events about this recipient, in the order they came, with what each did.</summary>
    [Id(8)] public IReadOnlyList<StoryEvent> Events { get; init; } = [];

    /// <summary>The steps taken to find out whether a provider took an attempt whose answer was lost.</summary>
    [Id(9)] public IReadOnlyList<StoryStep> Steps { get; init; } = [];
}

/// <summary>A provider event about the recipient; the provider stays anonymous.</summary>
[GenerateSerializer, Immutable, Alias("mailr.story-event")]
public sealed record StoryEvent(
    [property: Id(0)] DateTimeOffset ReceivedAt,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] Events.DeliveryEventKind Kind,
    [property: Id(3)] EventResult Result);

/// <summary>A reconcile step that concerned the recipient; the provider stays anonymous.</summary>
[GenerateSerializer, Immutable, Alias("mailr.story-step")]
public sealed record StoryStep(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] ReconcileStepKind Kind);

/// <summary>One provider call made while the recipient was waiting; the provider stays anonymous.</summary>
[GenerateSerializer, Immutable, Alias("mailr.story-attempt")]
public sealed record StoryAttempt(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] OutcomeClass Outcome,
    [property: Id(2)] int Round);
