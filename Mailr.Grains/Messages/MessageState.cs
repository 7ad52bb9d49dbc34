using Mailr.Grains.Providers;

namespace Mailr.Grains.Messages;

/// <summary>
/// The progress of one message: its recipients and what became of each, the attempt log, and the
/// deadlines. Small and rewritten at each step; the content (<see cref="MessageContent"/>) is stored
/// apart, once.
/// </summary>
[GenerateSerializer, Alias("mailr.message-state")]
public sealed class MessageState
{
    [Id(1)] public List<RecipientState> Recipients { get; set; } = [];

    [Id(2)] public List<SendAttempt> Attempts { get; set; } = [];

    [Id(3)] public DateTimeOffset AcceptedAt { get; set; }

    /// <summary>When the record deletes itself; every lookup from then on answers "not found".</summary>
    [Id(4)] public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>How many rounds (a pass over the provider list) have finished.</summary>
    [Id(5)] public int Rounds { get; set; }

    /// <summary>When the next round is due; null once every recipient is sent or failed.</summary>
    [Id(6)] public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>
    /// A provider call that is about to be made or is being made: the recovery point for a process that
    /// dies before recording its answer. Written before the call (at acceptance for the first one).
    /// </summary>
    [Id(7)] public InFlightAttempt? InFlight { get; set; }

    /// <summary>The API key (by name) that sent the message; null in open mode. Only its owner may look it up.</summary>
    [Id(8)] public string? Owner { get; set; }

    /// <summary>Provider events about the recipients, for the story (at most <see cref="MessageEvents.MaxRecorded"/>); null while there are none (not stored).</summary>
    [Id(9)] public List<EventRecord>? Events { get; set; }

    /// <summary>An attempt whose answer was lost, being looked up before anything is sent again.</summary>
    [Id(10)] public PendingReconcile? Reconcile { get; set; }

    /// <summary>The steps of every reconcile, for the story; null while there are none (not stored).</summary>
    [Id(11)] public List<ReconcileStep>? Steps { get; set; }

    public void AddStep(ReconcileStep step) => (Steps ??= []).Add(step);

    public IEnumerable<RecipientState> Pending => Recipients.Where(r => r.Status == DeliveryStatus.Accepted);

    public bool IsFinished => Recipients.TrueForAll(r => r.Status != DeliveryStatus.Accepted);

    /// <summary>A new message whose first call, to <paramref name="firstProvider"/>, is recorded as about to start (none when every circuit is open).</summary>
    public static MessageState Create(OutgoingMessage message, DateTimeOffset now, TimeSpan retention, string? firstProvider) => new()
    {
        Recipients =
        [
            .. message.To.Select(m => new RecipientState { Mailbox = m, Kind = RecipientKind.To }),
            .. message.Cc.Select(m => new RecipientState { Mailbox = m, Kind = RecipientKind.Cc }),
            .. message.Bcc.Select(m => new RecipientState { Mailbox = m, Kind = RecipientKind.Bcc }),
        ],
        AcceptedAt = now,
        ExpiresAt = now + retention,
        NextAttemptAt = now,
        InFlight = firstProvider is null ? null : new InFlightAttempt(now, firstProvider),
    };

    /// <summary>The email for the next provider call: the message, addressed to the recipients still waiting.</summary>
    public OutgoingEmail NextEmail(string messageId, MessageContent content, IReadOnlySet<string>? holdBack = null)
    {
        var pending = Pending.Where(r => holdBack is null || !holdBack.Contains(r.Mailbox.Key)).ToList();
        return new OutgoingEmail(messageId, content,
            [.. pending.Where(r => r.Kind == RecipientKind.To).Select(r => r.Mailbox)],
            [.. pending.Where(r => r.Kind == RecipientKind.Cc).Select(r => r.Mailbox)],
            [.. pending.Where(r => r.Kind == RecipientKind.Bcc).Select(r => r.Mailbox)]);
    }

    /// <summary>
    /// Records what <paramref name="provider"/> answered to a call to <paramref name="recipients"/> waiting recipients, in
    /// this round: the attempt, and, when it took the message, who is sent, refused or deferred.
    /// </summary>
    public SendAttempt Answered(string provider, ProviderResult result, int recipients, DateTimeOffset now)
    {
        var attempt = Record(new SendAttempt(now, provider, result.Outcome, result.ProviderMessageId, result.Detail, Rounds + 1, recipients));
        if (result.Outcome == OutcomeClass.Sent)
        {
            // Deferred recipients (an SMTP 4xx to their RCPT TO) stay waiting for the next round.
            MarkSent(provider, result, now);
        }

        return attempt;
    }

    /// <summary>The recorded call was never answered (its process died during it): the provider may have sent it.</summary>
    public SendAttempt Abandoned(InFlightAttempt call, DateTimeOffset now)
    {
        InFlight = null;
        return Record(new SendAttempt(now, call.Provider, OutcomeClass.Ambiguous, null, "the process stopped during the call", Rounds + 1, Pending.Count()));
    }

    private SendAttempt Record(SendAttempt attempt)
    {
        Attempts.Add(attempt);
        return attempt;
    }

    /// <summary>
    /// A provider accepted the message: every recipient of the call is sent, except those it refused about the
    /// address (failed), those it refused about itself (still waiting, for the next provider) and those it deferred
    /// (still waiting, for the next round).
    /// </summary>
    public void MarkSent(string provider, ProviderResult result, DateTimeOffset now)
    {
        foreach (var recipient in Pending.ToList())
        {
            if (result.Deferred.Any(d => Matches(d, recipient)))
            {
                continue;
            }

            var rejection = result.Rejected.FirstOrDefault(r => Matches(r, recipient));
            if (rejection is null)
            {
                recipient.Sent(now);
            }
            else if (rejection.Kind != RefusalKind.Provider)
            {
                recipient.Fail($"the recipient was refused: {rejection.Reason}", now);
            }
        }
    }

    private static bool Matches(RecipientRejection r, RecipientState recipient) => recipient.Mailbox.Matches(r.Address);

    /// <summary>A look-up found that <paramref name="provider"/> took the attempt whose answer was lost: its id goes on that attempt.</summary>
    public void Found(string provider, string? providerMessageId)
    {
        var lost = Attempts.FindLastIndex(a => a.Provider == provider && a.Outcome == OutcomeClass.Ambiguous);
        if (lost >= 0 && providerMessageId is not null)
        {
            Attempts[lost] = Attempts[lost] with { ProviderMessageId = providerMessageId };
        }
    }

    /// <summary>Ends the recipients on their owner's suppression list at once, as failed.</summary>
    public void Suppress(IReadOnlyDictionary<string, Suppression.SuppressionEntry> suppressed, DateTimeOffset now)
    {
        foreach (var recipient in Recipients)
        {
            if (suppressed.TryGetValue(recipient.Mailbox.Key, out var entry))
            {
                recipient.Fail($"the address is on the suppression list ({entry.Reason.ToString().ToLowerInvariant()})", now);
            }
        }

        if (IsFinished)
        {
            InFlight = null;
            NextAttemptAt = null;
        }
    }

    /// <summary>Fails every waiting recipient (of <paramref name="only"/> when given); <paramref name="inDoubt"/>: a provider may have sent it.</summary>
    public void FailPending(string reason, DateTimeOffset now, bool inDoubt = false, IReadOnlyCollection<string>? only = null)
    {
        foreach (var recipient in Pending.Where(r => only is null || only.Contains(r.Mailbox.Key)).ToList())
        {
            recipient.Fail(reason, now, inDoubt);
        }
    }
}
