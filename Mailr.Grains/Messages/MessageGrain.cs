using System.Diagnostics;
using Mailr.Grains.Delivery;
using Mailr.Grains.Options;
using Mailr.Grains.ProviderHealth;
using Mailr.Grains.Providers;
using Mailr.Grains.Scheduling;
using Mailr.Grains.Storage;
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
/// <see cref="FailoverPlan"/> and <see cref="RetryPolicy"/>.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed partial class MessageGrain(
    IMessageStore store,
    ProviderRegistry providers,
    ProviderHealthView health,
    LeaseRenewer leases,
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
        try
        {
            if (!await Record.CreateAsync(request.Message.Content, state))
            {
                return AcceptOutcome.AlreadyExists;
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

        // Send at once, after this call has answered: a one-way call to itself queues behind it (cheaper than a timer).
        _ = this.AsReference<IMessageGrain>().WakeAsync();
        return AcceptOutcome.Accepted;
    }

    Task IMessageGrain.WakeAsync() => RunAsync();

    async Task<DeliveryStatus?> IMessageGrain.GetStatusAsync(RecipientQuery query) =>
        await ReadAsync(query.Owner) is { } state ? state.Recipient(query.RecipientKey)?.Status : null;

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
                await FinishRoundAsync(RoundEnd.Retry);
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
        var plan = _plan ?? _dispatch.Plan();
        _plan = null;
        for (var provider = plan.Current; provider is not null;)
        {
            provider = await _dispatch.EnterAsync(provider) is { } permit
                ? plan.Next(await CallAsync(provider, permit, content))
                : plan.Skip();
        }

        // A call recorded at acceptance and never made (every provider skipped) is forgotten.
        Record.EndCall();
        await FinishRoundAsync(plan.End(Record.State.IsFinished));
    }

    /// <summary>Records the call, makes it and records its answer.</summary>
    private async Task<ProviderResult> CallAsync(ConfiguredProvider provider, HealthPermit permit, MessageContent content)
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

        var email = Record.State.NextEmail(Id, content);
        using var activity = MailrTelemetry.StartSend(Id, provider.Name, _origin);
        var result = await _dispatch.CallAsync(provider, permit, email);
        activity.SetOutcome(result.Outcome);
        Record.EndCall();
        _log.Attempted(Id, Record.State.Answered(provider.Name, result, email.Recipients.Count(), clock.GetUtcNow()));
        return result;
    }

    /// <summary>Counts the round (a skipped one uses none and fails no one), then waits for the next one or ends the message.</summary>
    private async Task FinishRoundAsync(RoundEnd end)
    {
        var state = Record.State;
        if (end != RoundEnd.Skipped)
        {
            state.Rounds++;
        }

        var now = clock.GetUtcNow();
        var probeAt = end == RoundEnd.Skipped ? _dispatch.NextProbeAt() : null;
        var next = _retry.After(end, state.Rounds, now, state.ExpiresAt, probeAt, options.Value.ProviderHealth.OpenFor);
        state.NextAttemptAt = next.At;
        if (next.FailReason is { } reason)
        {
            state.FailPending(reason, now);
        }

        await Record.WriteAsync();
        if (state.IsFinished)
        {
            _log.Finished(Id, state, now);
            DeactivateOnIdle();
            return;
        }

        if (end == RoundEnd.Skipped && next.At is { } at)
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
