using Mailr.Grains.Providers;

namespace Mailr.Grains.Messages;

/// <summary>One provider call in a message's attempt log.</summary>
[GenerateSerializer, Immutable, Alias("mailr.send-attempt")]
public sealed record SendAttempt(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Provider,
    [property: Id(2)] OutcomeClass Outcome,
    [property: Id(3)] string? ProviderMessageId,
    [property: Id(4)] string? Detail,
    [property: Id(5)] int Round,
    [property: Id(6)] int Recipients);

/// <summary>A provider call that has started and not yet been recorded: the recovery point for a crash mid-call.</summary>
[GenerateSerializer, Immutable, Alias("mailr.in-flight-attempt")]
public sealed record InFlightAttempt(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] string Provider);
