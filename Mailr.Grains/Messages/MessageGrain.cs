using System.Diagnostics;
using Mailr.Grains.Delivery;
using Mailr.Grains.Options;
using Mailr.Grains.Providers;
using Mailr.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Mailr.Grains.Messages;

/// <summary>
/// Owns one message: records it, sends it through the providers in failover order, retries whole
/// rounds after the configured delays, and deletes itself at expiry. One reminder is the durable
/// driver (it survives a silo's death); a grain timer serves waits shorter than the reminder period.
/// Every decision reads persisted state, so a duplicate wake-up does no harm. Placed on the silo that
/// took the HTTP request: accepting costs no extra network hop.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
public sealed partial class MessageGrain(
    [PersistentState(GrainNames.MessageState, GrainNames.MessageStorage)] IPersistentState<MessageState> state,
    ProviderRegistry providers,
    IOptions<MailrOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(GrainNames.Clock)] TimeProvider clock,
    IEnumerable<IDeliveryObserver> observers,
    ILogger<MessageGrain> logger) : Grain, IMessageGrain, IRemindable
{
    private readonly RetryPolicy _retry = new(options.Value.Retry.Delays);
    private IGrainTimer? _timer;
    private ActivityContext _origin;

    private string Id => this.GetPrimaryKeyString();

    private MessageState State => state.State;

    private bool IsLive => state.RecordExists && State.Message is not null && clock.GetUtcNow() < State.ExpiresAt;

    /// <summary>Unregistering and re-registering a reminder costs a storage write each, so one reminder serves both purposes.</summary>
    private TimeSpan ReminderPeriod => reminderOptions.Value.MinimumReminderPeriod;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && State.InFlight is { } inFlight)
        {
            // The silo that made this call died before recording its answer: the provider may have sent it.
            LogRecoveredInFlight(Id, inFlight.Provider);
            RecordAttempt(new SendAttempt(clock.GetUtcNow(), inFlight.Provider, OutcomeClass.Ambiguous, null,
                "the process stopped during the call", State.Rounds + 1, State.Pending.Count()));
            State.InFlight = null;
            await FinishRoundAsync(worthRetrying: true);
        }

        ScheduleTimer();
    }

    async Task<AcceptOutcome> IMessageGrain.AcceptAsync(OutgoingMessage message)
    {
        if (state.RecordExists)
        {
            return AcceptOutcome.AlreadyExists;
        }

        using var activity = MailrTelemetry.StartAccept(Id);
        _origin = activity?.Context ?? default;
        state.State = MessageState.Create(message, clock.GetUtcNow(), options.Value.Retention);
        try
        {
            await state.WriteStateAsync();
            await this.RegisterOrUpdateReminder(GrainNames.WakeReminder, ReminderPeriod, ReminderPeriod);
        }
        catch
        {
            // The caller gets 503 and will send again: leave no half-accepted record behind.
            DeactivateOnIdle();
            await TryClearAsync();
            throw;
        }

        foreach (var observer in observers)
        {
            observer.Accepted(Id, State.Recipients.Count);
        }

        ScheduleTimer();
        return AcceptOutcome.Accepted;
    }

    Task<DeliveryStatus?> IMessageGrain.GetStatusAsync(string recipientKey) =>
        Task.FromResult(IsLive ? State.Recipients.FirstOrDefault(r => r.Mailbox.Key == recipientKey)?.Status : null);

    Task<MessageSummary?> IMessageGrain.GetSummaryAsync() => Task.FromResult(IsLive
        ? new MessageSummary(
            State.Recipients.Count(r => r.Status == DeliveryStatus.Accepted),
            State.Recipients.Count(r => r.Status == DeliveryStatus.Sent),
            State.Recipients.Count(r => r.Status == DeliveryStatus.Failed),
            State.AcceptedAt,
            State.ExpiresAt)
        : null);

    Task<MessageStory?> IMessageGrain.GetStoryAsync(string recipientKey)
    {
        if (!IsLive || State.Recipients.FirstOrDefault(r => r.Mailbox.Key == recipientKey) is not { } recipient)
        {
            return Task.FromResult<MessageStory?>(null);
        }

        // Attempts are per message: keep those made while this recipient was still waiting.
        var attempts = State.Attempts
            .Where(a => recipient.FinishedAt is not { } finished || a.At <= finished)
            .Select(a => new StoryAttempt(a.At, a.Outcome, a.Round));
        return Task.FromResult<MessageStory?>(new MessageStory(recipient.Status, State.AcceptedAt, State.ExpiresAt,
            recipient.FinishedAt, recipient.Reason, recipient.FinishedAt is null ? State.NextAttemptAt : null, [.. attempts]));
    }

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => WakeAsync();

    private async Task WakeAsync()
    {
        try
        {
            if (!state.RecordExists || clock.GetUtcNow() >= State.ExpiresAt)
            {
                await ExpireAsync();
                return;
            }

            if (State.NextAttemptAt <= clock.GetUtcNow())
            {
                await RunRoundAsync();
            }

            ScheduleTimer();
        }
        catch (Exception e)
        {
            // A failed write leaves the cached etag unreliable: reload from storage on the next wake-up.
            LogWakeFailed(e, Id);
            DeactivateOnIdle();
        }
    }

    private async Task RunRoundAsync()
    {
        var tally = new RoundTally();
        foreach (var provider in providers.Providers)
        {
            var email = State.NextEmail(Id);
            State.InFlight = new InFlightAttempt(clock.GetUtcNow(), provider.Name);
            await state.WriteStateAsync();

            using var activity = MailrTelemetry.StartSend(Id, provider.Name, _origin);
            var result = await ProviderCall.InvokeAsync(provider, email, CancellationToken.None);
            activity.SetOutcome(result.Outcome);
            State.InFlight = null;
            RecordAttempt(new SendAttempt(clock.GetUtcNow(), provider.Name, result.Outcome, result.ProviderMessageId,
                result.Detail, State.Rounds + 1, email.Recipients.Count()));
            if (result.Outcome == OutcomeClass.Sent)
            {
                State.MarkSent(result.Rejected, clock.GetUtcNow());
                break;
            }

            if (!tally.Record(result.Outcome))
            {
                break;
            }
        }

        await FinishRoundAsync(tally.WorthRetrying);
    }

    private async Task FinishRoundAsync(bool worthRetrying)
    {
        State.Rounds++;
        var now = clock.GetUtcNow();
        State.NextAttemptAt = null;
        if (!State.IsFinished)
        {
            State.NextAttemptAt = worthRetrying ? _retry.NextRoundAt(State.Rounds, now, State.ExpiresAt) : null;
            if (State.NextAttemptAt is null)
            {
                State.FailPending(worthRetrying ? "no provider accepted it before the retries ran out" : "every provider refused it", now);
            }
        }

        if (State.IsFinished)
        {
            State.Message = State.Message! with { Text = null };
        }

        await state.WriteStateAsync();
        if (State.IsFinished)
        {
            // From now on the reminder's only job is the expiry.
            var period = ReminderPeriod > TimeSpan.FromHours(1) ? ReminderPeriod : TimeSpan.FromHours(1);
            await this.RegisterOrUpdateReminder(GrainNames.WakeReminder, State.ExpiresAt - now, period);
            foreach (var observer in observers)
            {
                observer.Finished(Id, State.Recipients, now - State.AcceptedAt);
            }
        }
    }

    private async Task ExpireAsync()
    {
        _timer?.Dispose();
        if (await this.GetReminder(GrainNames.WakeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (state.RecordExists)
        {
            await state.ClearStateAsync();
            foreach (var observer in observers)
            {
                observer.Expired(Id);
            }
        }

        DeactivateOnIdle();
    }

    private async Task TryClearAsync()
    {
        try
        {
            if (state.RecordExists)
            {
                await state.ClearStateAsync();
            }
        }
        catch (Exception e)
        {
            LogClearFailed(e, Id);
        }
    }

    private void ScheduleTimer()
    {
        _timer?.Dispose();
        _timer = null;
        if (!state.RecordExists || State.NextAttemptAt is not { } due)
        {
            return;
        }

        var wait = due - clock.GetUtcNow();
        _timer = this.RegisterGrainTimer(static (grain, _) => grain.WakeAsync(), this, new GrainTimerCreationOptions
        {
            DueTime = wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            Period = Timeout.InfiniteTimeSpan,
            Interleave = false,
            KeepAlive = true,
        });
    }

    private void RecordAttempt(SendAttempt attempt)
    {
        State.Attempts.Add(attempt);
        LogAttempt(Id, attempt.Provider, attempt.Outcome, attempt.Round);
        foreach (var observer in observers)
        {
            observer.Attempted(Id, attempt);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId}: {Provider} answered {Outcome} in round {Round}")]
    private partial void LogAttempt(string messageId, string provider, OutcomeClass outcome, int round);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: a call to {Provider} was in flight when its silo stopped; treating it as ambiguous")]
    private partial void LogRecoveredInFlight(string messageId, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: could not remove a record whose acceptance failed")]
    private partial void LogClearFailed(Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId}: wake-up failed; deactivating to reload state")]
    private partial void LogWakeFailed(Exception exception, string messageId);
}
