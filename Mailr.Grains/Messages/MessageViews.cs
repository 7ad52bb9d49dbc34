namespace Mailr.Grains.Messages;

/// <summary>What lookups answer from a message's progress: counts, or one recipient's story without provider names.</summary>
internal static class MessageViews
{
    /// <summary>The recipient whose <see cref="Mailbox.Key"/> is <paramref name="key"/>, if any.</summary>
    public static RecipientState? Recipient(this MessageState state, string key) => state.Recipients.Find(r => r.Mailbox.Key == key);

    public static MessageSummary Summary(this MessageState state) => new(
        state.Recipients.Count(r => r.Status == DeliveryStatus.Accepted),
        state.Recipients.Count(r => r.Status == DeliveryStatus.Sent),
        state.Recipients.Count(r => r.Status == DeliveryStatus.Failed),
        state.AcceptedAt,
        state.ExpiresAt)
    {
        Delivery = new DeliveryCounts(
            state.Recipients.Count(r => r.Delivery == DeliveryState.Deferred),
            state.Recipients.Count(r => r.Delivery == DeliveryState.Delivered),
            state.Recipients.Count(r => r.Delivery == DeliveryState.Bounced),
            state.Recipients.Count(r => r.Delivery == DeliveryState.Complained)),
    };

    public static RecipientStatus StatusOf(this RecipientState recipient) => new(recipient.Status, recipient.Delivery);

    public static MessageStory StoryOf(this MessageState state, RecipientState recipient)
    {
        // Attempts are per message: keep those made while this recipient was still waiting.
        var attempts = state.Attempts
            .Where(a => recipient.FinishedAt is not { } finished || a.At <= finished)
            .Select(a => new StoryAttempt(a.At, a.Outcome, a.Round));
        return new MessageStory(recipient.Status, state.AcceptedAt, state.ExpiresAt,
            recipient.FinishedAt, recipient.Reason, recipient.FinishedAt is null ? state.NextAttemptAt : null, [.. attempts])
        {
            Delivery = recipient.Delivery,
            Events = [.. (state.Events ?? []).Where(e => e.RecipientKey == recipient.Mailbox.Key).Select(e => new StoryEvent(e.ReceivedAt, e.OccurredAt, e.Kind, e.Result))],
            Steps = [.. (state.Steps ?? []).Where(s => s.RecipientKeys.Contains(recipient.Mailbox.Key)).Select(s => new StoryStep(s.At, s.Kind))],
        };
    }
}
