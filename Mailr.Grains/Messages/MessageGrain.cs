using System.Diagnostics;
using Mailr.Grains.Delivery;
using Mailr.Grains.Health;
using Mailr.Grains.Options;
using Mailr.Grains.Partitions;
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
/// on the silo that took the HTTP request.
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
    private MessageState? _state;
    private MessageContent? _content;
    private long _version;
    private Task<bool>? _load;
    private bool _ownsInFlight;
    private IGrainTimer? _timer;
    private ActivityContext _origin;
    private FailoverPlan? _plan;

    private string Id => this.GetPrimaryKeyString();

    private bool IsLive => _state is { } s && clock.GetUtcNow() < s.ExpiresAt;

    async Task<AcceptOutcome> IMessageGrain.AcceptAsync(AcceptRequest request)
    {
        var message = request.Message;
        if (_state is not null)
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
        var content = MessageContent.Of(message);
        try
        {
            if (!await store.CreateAsync(Id, content, state, leases.Hold(Id)))
            {
                leases.Release(Id);
                _load = null;
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

        (_state, _content, _version, _ownsInFlight) = (state, content, 1, state.InFlight is not null);
        _load = Task.FromResult(true);
        _log.Accepted(Id, state);

        // Send at once, after this call has answered: a one-way call to itself queues behind it (cheaper than a timer).
        _ = this.AsReference<IMessageGrain>().WakeAsync();
        return AcceptOutcome.Accepted;
    }

    Task IMessageGrain.WakeAsync() => RunAsync();

    async Task<DeliveryStatus?> IMessageGrain.GetStatusAsync(RecipientQuery query) =>
        await ReadAsync(query.Owner) ? _state!.Recipient(query.RecipientKey)?.Status : null;

    async Task<MessageSummary?> IMessageGrain.GetSummaryAsync(MessageQuery query) =>
        await ReadAsync(query.Owner) ? _state!.Summary() : null;

    async Task<MessageStory?> IMessageGrain.GetStoryAsync(RecipientQuery query) =>
        await ReadAsync(query.Owner) && _state!.Recipient(query.RecipientKey) is { } recipient ? _state!.StoryOf(recipient) : null;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_ownsInFlight && _state is { InFlight: not null } state)
        {
            // Stopping before the recorded call was made (a graceful shutdown): hand it to the next silo now, not as ambiguous later.
            state.InFlight = null;
            leases.Release(Id);
            try
            {
                _version = await store.UpdateAsync(Id, _version, state, clock.GetUtcNow(), dropContent: false);
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
        var live = await (_load ??= LoadAsync(withContent: false)) && IsLive;
        if (!live || (_state!.IsFinished && _timer is null))
        {
            DeactivateOnIdle();
        }

        return live && string.Equals(_state!.Owner ?? "", owner, StringComparison.Ordinal);
    }

    private async Task<bool> LoadAsync(bool withContent)
    {
        try
        {
            if (await store.ReadAsync(Id, withContent) is not { } stored)
            {
                return false;
            }

            // An acceptance that completed meanwhile wins over what was read before it.
            if (_state is null)
            {
                (_state, _content, _version) = (stored.State, stored.Content, stored.Version);
            }

            return true;
        }
        catch
        {
            _load = null;
            throw;
        }
    }

    private async Task RunAsync()
    {
        try
        {
            if (!await (_load ??= LoadAsync(withContent: true)) || !IsLive || _state!.IsFinished)
            {
                // Unknown, expired or done: a stale due entry.
                await store.SetDueAsync(Id, null);
                DeactivateOnIdle();
                return;
            }

            var state = _state;
            if (state.InFlight is { } inFlight && !_ownsInFlight)
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
                await store.SetDueAsync(Id, state.NextAttemptAt);
                Wait();
            }
        }
        catch (Exception e)
        {
            // A failed or conflicting write: drop what this activation holds and reload on the next wake-up.
            LogWakeFailed(e, Id);
            leases.Release(Id);
            _ownsInFlight = false;
            DeactivateOnIdle();
        }
    }

    private async Task RunRoundAsync()
    {
        if (_content is null)
        {
            // Loaded for a lookup, without the content: read it all again (this activation is the only writer).
            var stored = await store.ReadAsync(Id, withContent: true);
            if (stored?.Content is null)
            {
                throw new MessageConflictException(Id);
            }

            (_state, _content, _version) = (stored.State, stored.Content, stored.Version);
        }

        var state = _state!;
        var plan = _plan ?? _dispatch.Plan();
        _plan = null;
        for (var provider = plan.Current; provider is not null;)
        {
            if (await _dispatch.EnterAsync(provider) is not { } permit)
            {
                provider = plan.Skip();
                continue;
            }

            await RecordCallAsync(provider, permit);
            var email = state.NextEmail(Id, _content!);
            using var activity = MailrTelemetry.StartSend(Id, provider.Name, _origin);
            var result = await _dispatch.CallAsync(provider, permit, email);
            activity.SetOutcome(result.Outcome);
            state.InFlight = null;
            _ownsInFlight = false;
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

        if (_ownsInFlight)
        {
            // Every planned provider was skipped: the call recorded at acceptance was never made.
            state.InFlight = null;
            _ownsInFlight = false;
        }

        leases.Release(Id);
        await FinishRoundAsync(plan.End(state.IsFinished));
    }

    /// <summary>Records the call to <paramref name="provider"/> before it is made, unless the record names it already.</summary>
    private async Task RecordCallAsync(ConfiguredProvider provider, HealthPermit permit)
    {
        var state = _state!;
        if (_ownsInFlight && state.InFlight?.Provider == provider.Name)
        {
            return;
        }

        state.InFlight = new InFlightAttempt(clock.GetUtcNow(), provider.Name);
        try
        {
            await WriteAsync(leases.Hold(Id), dropContent: false);
        }
        catch
        {
            _dispatch.Abandon(permit);
            throw;
        }

        _ownsInFlight = true;
    }

    /// <summary>
    /// Counts the round (unless skipped: no provider could be called, so it uses no round and fails no one) and
    /// then waits for the next one, or ends the message.
    /// </summary>
    private async Task FinishRoundAsync(RoundEnd end)
    {
        var state = _state!;
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
            await FinishedAsync(state, now);
            return;
        }

        if (end == RoundEnd.Skipped)
        {
            _log.AllSkipped(Id, next.At!.Value);
        }

        await WriteAsync(next.At, dropContent: false);
        Wait();
    }

    private async Task FinishedAsync(MessageState state, DateTimeOffset now)
    {
        await WriteAsync(null, dropContent: true);
        _content = null;
        _log.Finished(Id, state, now);

        DeactivateOnIdle();
    }

    private async Task WriteAsync(DateTimeOffset? dueAt, bool dropContent) =>
        _version = await store.UpdateAsync(Id, _version, _state!, dueAt, dropContent);

    /// <summary>A short wait stays on a timer; a long one deactivates and the due partition wakes the message.</summary>
    private void Wait()
    {
        var wait = _state!.NextAttemptAt!.Value - clock.GetUtcNow();
        if (wait <= KeepActiveWait)
        {
            Schedule(wait);
        }
        else
        {
            DeactivateOnIdle();
        }
    }

    private void Schedule(TimeSpan wait)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(static (grain, _) =>
        {
            grain._timer?.Dispose();
            grain._timer = null;
            return grain.RunAsync();
        }, this, new GrainTimerCreationOptions
        {
            DueTime = wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            Period = Timeout.InfiniteTimeSpan,
            Interleave = false,
            KeepAlive = true,
        });
    }

    private async Task TryDeleteAsync()
    {
        try
        {
            await store.DeleteAsync(Id);
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
