using System.Diagnostics;
using Mailr.Grains.Delivery;
using Mailr.Grains.Events;
using Mailr.Grains.Options;
using Mailr.Grains.ProviderHealth;
using Mailr.Grains.Providers;
using Mailr.Grains.Scheduling;
using Mailr.Grains.Storage;
using Mailr.Grains.Suppression;
using Mailr.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Grains.Messages;

/// <summary>
/// Owns one message: records it, sends it at once through the providers in failover order, retries
/// whole rounds after the configured delays, and deactivates as soon as it is finished or waits long.
/// The record it writes at acceptance is also the recovery point of its first call; every later call
/// is recorded before it is made. While it waits (or a call is out), the message sits in its
/// partition's due index, whose grain wakes it when the wait is over or when the call's lease (renewed
/// by <see cref="LeaseRenewer"/> while its silo lives) ran out because its process died. Every
/// decision reads the stored, versioned progress, so a duplicate wake-up does no harm. Expiry costs
/// nothing: the store forgets the record at its deadline and lookups keep the exact boundary. Placed
/// on the silo that took the HTTP request. The policy (the failover table, what follows a round) is in
/// <see cref="FailoverPlan"/> and <see cref="RetryPolicy"/>. A lost answer is reconciled before anything is sent again
/// (<c>MessageGrain.Reconcile.cs</c>); provider events, refused addresses and provider ids are in <c>MessageGrain.Events.cs</c>.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed partial class MessageGrain(
    IMessageStore store,
    ProviderRegistry providers,
    ProviderHealthView health,
    LeaseRenewer leases,
    ISuppressionList suppressions,
    IProviderMessageIndex providerIds,
    IOptions<MailrOptions> options,
    [FromKeyedServices(GrainNames.Clock)] TimeProvider clock,
    IEnumerable<IDeliveryObserver> observers,
    ILogger<MessageGrain> logger) : Grain, IMessageGrain
{
    /// <summary>Waits up to this long are kept on a timer while active; longer ones deactivate and leave the wake-up to the partition.</summary>
    public static readonly TimeSpan KeepActiveWait = TimeSpan.FromSeconds(10);

    private readonly RetryPolicy _retry = new(options.Value.Retry.Delays);
    private readonly ProviderDispatcher _dispatch = new(providers, health);
    private readonly DeliveryLog _log = new(observers, logger);
    private readonly WakeTimer _wake = new(KeepActiveWait);
    private MessageRecord? _record;
    private ActivityContext _origin;
    private FailoverPlan? _plan;


    private string Id => this.GetPrimaryKeyString();

    // Created on first use (the key is known once activated). Loaded lazily: an acceptance writes without reading first.
    private MessageRecord Record => _record ??= new(store, leases, Id);

    private bool IsLive => Record.Exists && clock.GetUtcNow() < Record.State.ExpiresAt;

    async Task<AcceptOutcome> IMessageGrain.AcceptAsync(AcceptRequest request)
    {
        if (Record.Exists)
        {
            return AcceptOutcome.AlreadyExists;
        }

        using var activity = MailrTelemetry.StartAccept(Id);
        _origin = activity?.Context ?? default;
        // The first round's plan is made now: the record names its first call.
        _plan = _dispatch.Plan();
        var state = MessageState.Create(request.Message, clock.GetUtcNow(), options.Value.Retention, _plan.Current?.Name);
        state.Owner = request.Owner.Length == 0 ? null : request.Owner;
        state.Suppress(await suppressions.FindAsync(request.Owner, [.. state.Recipients.Select(r => r.Mailbox.Key)]), state.AcceptedAt);
        try
        {
            if (!await Record.CreateAsync(request.Message.Content, state))
            {
                return AcceptOutcome.AlreadyExists;
            }

            if (state.IsFinished)
            {
                // Every recipient is suppressed: nothing to send, and no content to keep.
                await Record.WriteAsync();
            }
        }
        catch
        {
            // The caller gets 503 and will send again: leave no half-accepted record behind.
            DeactivateOnIdle();
            await TryDeleteAsync();
            throw;
        }

        _log.Accepted(Id, state);
        if (state.IsFinished)
        {
            _log.Finished(Id, state, state.AcceptedAt);
            DeactivateOnIdle();
            return AcceptOutcome.Accepted;
        }

        // Send at once, after this call has answered: a one-way call to itself queues behind it (cheaper than a timer).
        _ = this.AsReference<IMessageGrain>().WakeAsync();
        return AcceptOutcome.Accepted;
    }

    Task IMessageGrain.WakeAsync() => RunAsync();

    async Task<RecipientStatus?> IMessageGrain.GetStatusAsync(RecipientQuery query) =>
        await ReadAsync(query.Owner) is { } state ? state.Recipient(query.RecipientKey)?.StatusOf() : null;

    async Task<MessageSummary?> IMessageGrain.GetSummaryAsync(MessageQuery query) =>
        await ReadAsync(query.Owner) is { } state ? state.Summary() : null;

    async Task<MessageStory?> IMessageGrain.GetStoryAsync(RecipientQuery query) =>
        await ReadAsync(query.Owner) is { } state && state.Recipient(query.RecipientKey) is { } recipient ? state.StoryOf(recipient) : null;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await Record.HandOverAsync();
        }
        catch (Exception e)
        {
            LogHandOverFailed(e, Id);
        }
    }

    /// <summary>
    /// Loads the record for a lookup by <paramref name="owner"/>; null when it is unknown, expired or another owner's.
    /// A finished message does not stay activated.
    /// </summary>
    private async Task<MessageState?> ReadAsync(string owner)
    {
        var live = await Record.LoadAsync(withContent: false) && IsLive;
        if (!live || (Record.State.IsFinished && !_wake.IsSet))
        {
            DeactivateOnIdle();
        }

        return live && string.Equals(Record.State.Owner ?? "", owner, StringComparison.Ordinal) ? Record.State : null;
    }

    private async Task RunAsync()
    {
        try
        {
            var live = await Record.LoadAsync(withContent: true) && IsLive;
            if (!live || Record.State.IsFinished)
            {
                // Unknown, expired or done: a stale due entry.
                await Record.ResetDueAsync(live);
                DeactivateOnIdle();
            }
            else if (Record.State.InFlight is { } call && !Record.OwnsCall)
            {
                // The process that recorded this call died before recording its answer: the provider may have sent it.
                _log.RecoveredInFlight(Id, Record.State.Abandoned(call, clock.GetUtcNow()));
                await FinishRoundAsync(RoundEnd.Retry, lostAnswerFrom: call.Provider);
            }
            else if (Record.State is { InFlight: null, Reconcile: { } pending } && SourceOf(pending) != ReconcileSource.Repeat
                && Record.State.NextAttemptAt <= clock.GetUtcNow())
            {
                await ReconcileAsync(pending);
            }
            else if (Record.State.InFlight is not null || Record.State.NextAttemptAt <= clock.GetUtcNow())
            {
                await RunRoundAsync();
            }
            else
            {
                // Woken early (a stale claim): put the entry back at the real due time.
                await Record.ResetDueAsync(live);
                Wait();
            }
        }
        catch (Exception e)
        {
            // A failed or conflicting write: drop what this activation holds and reload on the next wake-up.
            LogWakeFailed(e, Id);
            Record.Abandon();
            DeactivateOnIdle();
        }
    }

    /// <summary>One round: each provider of the plan in turn, until the recipients are done or the plan says stop.</summary>
    private async Task RunRoundAsync()
    {
        var content = await Record.ContentAsync();
        var plan = RepeatPlan() ?? _plan ?? _dispatch.Plan();
        _plan = null;
        var holdBack = new HashSet<string>();
        string? lostAnswerFrom = null;
        for (var provider = plan.Current; provider is not null;)
        {
            if (await _dispatch.EnterAsync(provider) is not { } permit)
            {
                provider = plan.Skip();
                continue;
            }

            var result = await CallAsync(provider, permit, content, holdBack);

            // A repeat (same Idempotency-Key) that is refused for now goes on repeating: the first request may have been taken.
            var lost = result.Outcome == OutcomeClass.Ambiguous || (plan.IsRepeat && result.Outcome == OutcomeClass.Retryable);
            lostAnswerFrom = lost ? provider.Name : null;
            provider = plan.Next(result);
        }

        // A call recorded at acceptance and never made (every provider skipped) is forgotten.
        Record.EndCall();
        await FinishRoundAsync(plan.End(Record.State.IsFinished), lostAnswerFrom);
    }

    /// <summary>Records the call, makes it and records its answer.</summary>
    private async Task<ProviderResult> CallAsync(ConfiguredProvider provider, HealthPermit permit, MessageContent content, HashSet<string> holdBack)
    {
        try
        {
            await Record.StartCallAsync(provider.Name, clock.GetUtcNow());
        }
        catch
        {
            _dispatch.Abandon(permit);
            throw;
        }

        var email = Record.State.NextEmail(Id, content, holdBack);
        using var activity = MailrTelemetry.StartSend(Id, provider.Name, _origin);
        var result = await _dispatch.CallAsync(provider, permit, email);
        activity.SetOutcome(result.Outcome);
        Record.EndCall();
        var now = clock.GetUtcNow();
        _log.Attempted(Id, Record.State.Answered(provider.Name, result, email.Recipients.Count(), now));
        if (result.Outcome == OutcomeClass.Sent && provider.Webhook && ProviderMessageIds.Keys(provider.Type, result.ProviderMessageId) is { Count: > 0 } keys)
        {
            _indexing = providerIds.AddAsync(provider.Name, [.. keys], Id, Record.State.ExpiresAt);
        }

        if (result.Outcome == OutcomeClass.Sent)
        {
            // Recipients it deferred wait for the next round; those it refused about itself go on to the next provider now.
            holdBack.UnionWith(result.Deferred.Select(d => Mailbox.KeyOf(d.Address)));
            _refusedAddresses.AddRange(result.Rejected
                .Where(r => r.Kind != RefusalKind.Provider)
                .Select(r => new SuppressionEntry(Mailbox.KeyOf(r.Address), r.Kind == RefusalKind.Complaint ? SuppressionReason.Complained : SuppressionReason.Bounced, now)));
        }

        return result;
    }

    /// <summary>
    /// Counts the round (a skipped one uses none and fails no one). A lost answer is reconciled before anything is
    /// sent again; otherwise the message waits for the next round, or ends.
    /// </summary>
    private async Task FinishRoundAsync(RoundEnd end, string? lostAnswerFrom = null)
    {
        var state = Record.State;
        if (end != RoundEnd.Skipped)
        {
            state.Rounds++;
            state.Reconcile = null;
        }

        var now = clock.GetUtcNow();
        if (lostAnswerFrom is null || state.IsFinished || !StartReconcile(lostAnswerFrom, now))
        {
            ScheduleNext(end, now, now);
        }

        await SaveAsync(end == RoundEnd.Skipped);
    }

    /// <summary>What follows a round that ended as <paramref name="end"/> at <paramref name="from"/>: the next round's time, or the end.</summary>
    private void ScheduleNext(RoundEnd end, DateTimeOffset from, DateTimeOffset now)
    {
        var state = Record.State;
        var probeAt = end == RoundEnd.Skipped ? _dispatch.NextProbeAt() : null;
        var next = _retry.After(state.IsFinished ? RoundEnd.Finished : end, state.Rounds, from, state.ExpiresAt, probeAt, options.Value.ProviderHealth.OpenFor);
        state.NextAttemptAt = next.At is { } at && at < now ? now : next.At;
        if (next.FailReason is { } reason)
        {
            state.FailPending(reason, now, inDoubt: state.Attempts.Exists(a => a.Outcome == OutcomeClass.Ambiguous));
        }
    }

    /// <summary>Writes the progress, then ends the message or waits for what is due next.</summary>
    private async Task SaveAsync(bool skipped = false)
    {
        var state = Record.State;
        await Record.WriteAsync();
        await IndexedAsync();
        await SuppressRefusedAsync(state.Owner);
        if (state.IsFinished)
        {
            _log.Finished(Id, state, clock.GetUtcNow());
            DeactivateOnIdle();
            return;
        }

        if (skipped && state.NextAttemptAt is { } at)
        {
            _log.AllSkipped(Id, at);
        }

        Wait();
    }

    /// <summary>A short wait stays on a timer; a long one deactivates and the due partition wakes the message.</summary>
    private void Wait()
    {
        if (Record.State.NextAttemptAt is not { } at || !_wake.TrySet(this, at - clock.GetUtcNow(), RunAsync))
        {
            DeactivateOnIdle();
        }
    }

    private async Task TryDeleteAsync()
    {
        try
        {
            await Record.DeleteAsync();
        }
        catch (Exception e)
        {
            LogClearFailed(e, Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: could not remove a record whose acceptance failed")]
    private partial void LogClearFailed(Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: could not hand its next call over while deactivating; it will count as ambiguous")]
    private partial void LogHandOverFailed(Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId}: wake-up failed; deactivating to reload state")]
    private partial void LogWakeFailed(Exception exception, string messageId);
}
