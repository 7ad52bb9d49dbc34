using Mailr.Grains.Events;
using Mailr.Grains.Suppression;

namespace Mailr.Grains.Messages;

/// <summary>Applies provider events to a message's recipients: the delivery state only moves forward, and every step is recorded.</summary>
internal static class MessageEvents
{
    /// <summary>The story keeps this many events per message; later ones still apply but are not recorded.</summary>
    public const int MaxRecorded = 200;

    /// <summary>
    /// Applies <paramref name="report"/>; <paramref name="suppress"/> says whether the address must go on the owner's
    /// suppression list (a hard bounce or a complaint that was applied).
    /// </summary>
    public static EventResult Apply(this MessageState state, DeliveryReport report, DateTimeOffset now, out SuppressionReason? suppress)
    {
        suppress = null;
        var recipient = state.Recipients.Find(r => r.Mailbox.Matches(report.Recipient));
        if (recipient is null || !state.Attempts.Exists(a => a.Provider == report.Provider))
        {
            return EventResult.Unmatched;
        }

        if (report.Kind is not { } kind)
        {
            return EventResult.Ignored;
        }

        var result = Decide(state, recipient, report, kind, now);
        if (result == EventResult.Applied && kind is DeliveryEventKind.Bounced or DeliveryEventKind.Complained)
        {
            suppress = kind == DeliveryEventKind.Bounced ? SuppressionReason.Bounced : SuppressionReason.Complained;
        }

        if ((state.Events?.Count ?? 0) < MaxRecorded)
        {
            (state.Events ??= []).Add(new EventRecord(now, report.OccurredAt, report.Provider, recipient.Mailbox.Key, kind, result, report.EventId));
        }

        return result;
    }

    private static EventResult Decide(MessageState state, RecipientState recipient, DeliveryReport report, DeliveryEventKind kind, DateTimeOffset now)
    {
        if (report.EventId is { } eventId && state.Events?.Exists(e => e.EventId == eventId && e.Provider == report.Provider && e.RecipientKey == recipient.Mailbox.Key) == true)
        {
            return EventResult.Duplicate;
        }

        // Any event proves the provider took the message for this recipient.
        var corrected = recipient.Status == DeliveryStatus.Accepted || recipient is { Status: DeliveryStatus.Failed, InDoubt: true };
        if (corrected)
        {
            recipient.Sent(now);
            state.Resolved(recipient.Mailbox.Key, report.Provider, now);
        }

        if (kind == DeliveryEventKind.Taken)
        {
            return corrected ? EventResult.Applied : EventResult.Duplicate;
        }

        var next = (DeliveryState)kind;
        if (recipient.Delivery == next)
        {
            return corrected ? EventResult.Applied : EventResult.Duplicate;
        }

        if (recipient.Delivery > next || recipient.DeliveryAt > report.OccurredAt)
        {
            return corrected ? EventResult.Applied : EventResult.Stale;
        }

        recipient.Delivery = next;
        recipient.DeliveryAt = report.OccurredAt;
        return EventResult.Applied;
    }

    /// <summary>A recipient of a pending reconcile turned out sent: the reconcile ends once none of its recipients is waiting.</summary>
    public static void Resolved(this MessageState state, string recipientKey, string provider, DateTimeOffset now)
    {
        if (state.Reconcile is not { } reconcile || !reconcile.RecipientKeys.Contains(recipientKey))
        {
            return;
        }

        if (!state.Pending.Any(r => reconcile.RecipientKeys.Contains(r.Mailbox.Key)))
        {
            state.AddStep(new ReconcileStep(now, provider, ReconcileStepKind.Found, reconcile.RecipientKeys));
            state.Reconcile = null;
        }
    }
}
