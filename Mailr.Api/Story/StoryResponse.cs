using System.Text.Json.Serialization;
using Mailr.Grains.Messages;

namespace Mailr.Api.Story;

/// <summary>The <c>POST /story</c> body: how one recipient's message went, attempt by attempt, with no provider named.</summary>
public sealed record StoryResponse(
    string Status,
    [property: JsonPropertyName("accepted_at")] DateTimeOffset AcceptedAt,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt,
    string? Reason,
    [property: JsonPropertyName("next_attempt_at")] DateTimeOffset? NextAttemptAt,
    IReadOnlyList<StoryAttemptResponse> Attempts,
    IReadOnlyList<StoryEventResponse> Events,
    IReadOnlyList<StoryStepResponse> Reconcile,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Delivery = null)
{
    public static StoryResponse From(MessageStory story) => new(
        story.Status.ToString().ToLowerInvariant(),
        story.AcceptedAt,
        story.ExpiresAt,
        story.FinishedAt,
        story.Reason,
        story.NextAttemptAt,
        [.. story.Attempts.Select((a, i) => AttemptWording.Describe(story, i))],
        [.. story.Events.Select(EventWording.Describe)],
        [.. story.Steps.Select(EventWording.Describe)],
        story.Delivery?.ToString().ToLowerInvariant());
}

public sealed record StoryAttemptResponse(DateTimeOffset At, string Outcome, string Description);

/// <summary>A provider event about the recipient: <c>event</c> is <c>taken</c>, <c>deferred</c>, <c>delivered</c>, <c>bounced</c> or <c>complained</c>; <c>result</c> says what it changed.</summary>
public sealed record StoryEventResponse(
    [property: JsonPropertyName("received_at")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("occurred_at")] DateTimeOffset OccurredAt,
    string Event,
    string Result,
    string Description);

/// <summary>A step in finding out whether a provider took an attempt whose answer was lost.</summary>
public sealed record StoryStepResponse(DateTimeOffset At, string Step, string Description);
