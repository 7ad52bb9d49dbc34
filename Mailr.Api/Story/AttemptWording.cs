using Mailr.Grains.Messages;
using Mailr.Grains.Providers;

namespace Mailr.Api.Story;

/// <summary>Puts one attempt in plain words from its outcome and what followed it; never from the provider's own text.</summary>
public static class AttemptWording
{
    public static StoryAttemptResponse Describe(MessageStory story, int index)
    {
        var attempt = story.Attempts[index];
        var next = index + 1 < story.Attempts.Count ? story.Attempts[index + 1] : null;
        var failover = next is not null && next.Round == attempt.Round;
        var retryLater = !failover && (next is not null || story.Status == DeliveryStatus.Accepted);
        var then = failover ? ", tried the next one" : retryLater ? "; will retry later" : "";

        var (outcome, description) = attempt.Outcome switch
        {
            OutcomeClass.Sent when next is null && story.Status == DeliveryStatus.Failed => ("refused_recipient", "a provider took the message but refused this recipient"),
            OutcomeClass.Sent => ("sent", "a provider accepted the message"),
            OutcomeClass.Retryable => ("unavailable", "the provider was unavailable" + then),
            OutcomeClass.Disabled => ("disabled", "the provider is not taking messages from Mailr" + then),
            OutcomeClass.Permanent => ("refused", "the provider refused the message" + then),
            _ => ("no_answer", retryLater
                ? "no answer in time; will retry later rather than risk a duplicate"
                : "no answer in time; not tried elsewhere, to avoid a duplicate"),
        };
        return new StoryAttemptResponse(attempt.At, outcome, description);
    }
}
