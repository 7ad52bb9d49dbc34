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
    IReadOnlyList<StoryAttemptResponse> Attempts)
{
    public static StoryResponse From(MessageStory story) => new(
        story.Status.ToString().ToLowerInvariant(),
        story.AcceptedAt,
        story.ExpiresAt,
        story.FinishedAt,
        story.Reason,
        story.NextAttemptAt,
        [.. story.Attempts.Select((a, i) => AttemptWording.Describe(story, i))]);
}

public sealed record StoryAttemptResponse(DateTimeOffset At, string Outcome, string Description);
