using System.Diagnostics;
using Mailr.Grains.Delivery;
using Mailr.Grains.Options;
using Mailr.Grains.Partitions;
using Mailr.Grains.ProviderHealth;
using Mailr.Grains.Providers;
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
public sealed partial class MessageGrain(
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

    private MessageRecord Record => _record ??= new(store, Id);

    private bool IsLive => Record.State is { } s && clock.GetUtcNow() < s.ExpiresAt;

    async Task<AcceptOutcome> IMessageGrain.AcceptAsync(AcceptRequest request)
    {
        var message = request.Message;
        if (Record.State is not null)
        {
            return AcceptOutcome.AlreadyExists;
        }

        using var activity = MailrTelemetry.StartAccept(Id);
        _origin = activity?.Context ?? default;
        var now = clock.GetUtcNow();
        // The first round's plan is made now: the record names its first call.
        _plan = _dispatch.Plan();
        var state = MessageState.Create(message, now, options.Value.Retention, _plan.Current?.Name);
        state.Owner = request.Owner.Length == 0 ? null : request.Owner;
        try
        {
            if (!await Record.CreateAsync(MessageContent.Of(message), state, leases.Hold(Id)))
            {
                leases.Release(Id);
                return AcceptOutcome.AlreadyExists;
            }
        }
        catch
        {
            // The caller gets 503 and will send again: leave no half-accepted record behind.
            leases.Release(Id);
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
        await ReadAsync(query.Owner) ? Record.State!.Recipient(query.RecipientKey)?.Status : null;

    async Task<MessageSummary?> IMessageGrain.GetSummaryAsync(MessageQuery query) =>
        await ReadAsync(query.Owner) ? Record.State!.Summary() : null;

    async Task<MessageStory?> IMessageGrain.GetStoryAsync(RecipientQuery query) =>
        await ReadAsync(query.Owner) && Record.State!.Recipient(query.RecipientKey) is { } recipient ? Record.State!.StoryOf(recipient) : null;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (Record.OwnsCall && Record.State is { InFlight: not null } state)
        {
            // Stopping before the recorded call was made (a graceful shutdown): hand it to the next silo now, not as ambiguous later.
            state.InFlight = null;
            leases.Release(Id);
            try
            {
                await Record.WriteAsync(clock.GetUtcNow());
            }
            catch (Exception e)
            {
                LogHandOverFailed(e, Id);
            }
        }
    }

    /// <summary>
    /// Loads the record for a lookup by <paramref name="owner"/>; false when it is unknown, expired or another owner's.
    /// A finished message does not stay activated.
    /// </summary>
    private async Task<bool> ReadAsync(string owner)
    {
        var live = await Record.LoadAsync(withContent: false) && IsLive;
        if (!live || (Record.State!.IsFinished && !_wake.IsSet))
        {
            DeactivateOnIdle();
        }

        return live && string.Equals(Record.State!.Owner ?? "", owner, StringComparison.Ordinal);
    }

    private async Task RunAsync()
    {
        try
        {
            if (!await Record.LoadAsync(withContent: true) || !IsLive || Record.State!.IsFinished)
            {
                // Unknown, expired or done: a stale due entry.
                await Record.SetDueAsync(null);
                DeactivateOnIdle();
                return;
            }

            var state = Record.State;
            if (state.InFlight is { } inFlight && !Record.OwnsCall)
            {
                // The process that recorded this call died before recording its answer: the provider may have sent it.
                _log.RecoveredInFlight(Id, state, inFlight, clock.GetUtcNow());
                state.InFlight = null;
                await FinishRoundAsync(RoundEnd.Retry);
            }
            else if (state.InFlight is not null || state.NextAttemptAt <= clock.GetUtcNow())
            {
                await RunRoundAsync();
            }
            else
            {
                // Woken early (a stale claim): put the entry back at the real due time.
                await Record.SetDueAsync(state.NextAttemptAt);
                Wait();
            }
        }
        catch (Exception e)
        {
            // A failed or conflicting write: drop what this activation holds and reload on the next wake-up.
            LogWakeFailed(e, Id);
            leases.Release(Id);
            Record.OwnsCall = false;
            DeactivateOnIdle();
        }
    }

    private async Task RunRoundAsync()
    {
        var content = await Record.ContentAsync();
        var state = Record.State!;
        var plan = _plan ?? _dispatch.Plan();
        _plan = null;
        for (var provider = plan.Current; provider is not null;)
        {
            if (await _dispatch.EnterAsync(provider) is not { } permit)
            {
                provider = plan.Skip();
                continue;
            }

            try
            {
                await Record.StartCallAsync(provider.Name, clock.GetUtcNow(), () => leases.Hold(Id));
            }
            catch
            {
                _dispatch.Abandon(permit);
                throw;
            }

            var email = state.NextEmail(Id, content);
            using var activity = MailrTelemetry.StartSend(Id, provider.Name, _origin);
            var result = await _dispatch.CallAsync(provider, permit, email);
            activity.SetOutcome(result.Outcome);
            Record.EndCall();
            leases.Release(Id);
            _log.Attempted(Id, state, new SendAttempt(clock.GetUtcNow(), provider.Name, result.Outcome, result.ProviderMessageId,
                result.Detail, state.Rounds + 1, email.Recipients.Count()));
            if (result.Outcome == OutcomeClass.Sent)
            {
                // Deferred recipients (an SMTP 4xx to their RCPT TO) stay waiting for the next round.
                state.MarkSent(result.Rejected, clock.GetUtcNow(), result.Deferred);
            }

            provider = plan.Next(result.Outcome, deferred: result.Deferred.Count > 0);
        }

        if (Record.OwnsCall)
        {
            // Every planned provider was skipped: the call recorded at acceptance was never made.
            Record.EndCall();
        }

        leases.Release(Id);
        await FinishRoundAsync(plan.End(state.IsFinished));
    }

    /// <summary>Counts the round (a skipped one uses none and fails no one), then waits for the next one or ends the message.</summary>
    private async Task FinishRoundAsync(RoundEnd end)
    {
        var state = Record.State!;
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

        if (state.IsFinished)
        {
            await Record.WriteAsync(null, dropContent: true);
            _log.Finished(Id, state, now);
            DeactivateOnIdle();
            return;
        }

        if (end == RoundEnd.Skipped)
        {
            _log.AllSkipped(Id, next.At!.Value);
        }

        await Record.WriteAsync(next.At);
        Wait();
    }

    /// <summary>A short wait stays on a timer; a long one deactivates and the due partition wakes the message.</summary>
    private void Wait()
    {
        if (!_wake.TrySet(this, Record.State!.NextAttemptAt!.Value - clock.GetUtcNow(), RunAsync))
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
