using Mailr.Grains.Events;
using Mailr.Grains.Messages;
using Mailr.Grains.Providers;

namespace Mailr.Grains.Telemetry;

/// <summary>
/// What is told about a message's progress: each attempt (recorded in its state by <see cref="MessageState.Answered"/>)
/// is logged and passed to the observers (metrics, tests), as are its acceptance and its end.
/// </summary>
internal sealed partial class DeliveryLog(IEnumerable<IDeliveryObserver> observers, ILogger logger)
{
    public void Accepted(string messageId, MessageState state)
    {
        foreach (var observer in observers)
        {
            observer.Accepted(messageId, state.Recipients.Count);
        }
    }

    public void Attempted(string messageId, SendAttempt attempt)
    {
        if (attempt.Outcome == OutcomeClass.Sent)
        {
            LogSent(messageId, attempt.Provider, attempt.Round);
        }
        else
        {
            LogAttempt(messageId, attempt.Provider, attempt.Outcome, attempt.Round);
        }

        foreach (var observer in observers)
        {
            observer.Attempted(messageId, attempt);
        }
    }

    /// <summary>The process that recorded the call of <paramref name="attempt"/> died before recording its answer: the provider may have sent it.</summary>
    public void RecoveredInFlight(string messageId, SendAttempt attempt)
    {
        LogRecoveredInFlight(messageId, attempt.Provider);
        Attempted(messageId, attempt);
    }

    public void EventsApplied(string messageId, IReadOnlyList<DeliveryReport> reports, IReadOnlyList<EventResult> results)
    {
        for (var i = 0; i < reports.Count; i++)
        {
            if (results[i] == EventResult.Applied && reports[i].Kind is { } kind)
            {
                LogEventApplied(messageId, reports[i].Provider, kind);
            }
        }
    }

    public void LookedUp(string messageId, string provider, LookupResult result) => LogLookedUp(messageId, provider, result.Outcome, result.Detail);

    public void AllSkipped(string messageId, DateTimeOffset nextAttemptAt) => LogAllSkipped(messageId, nextAttemptAt);

    public void Finished(string messageId, MessageState state, DateTimeOffset now)
    {
        foreach (var observer in observers)
        {
            observer.Finished(messageId, state.Recipients, now - state.AcceptedAt);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId}: {Provider} sent it in round {Round}")]
    private partial void LogSent(string messageId, string provider, int round);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId}: {Provider} answered {Outcome} in round {Round}")]
    private partial void LogAttempt(string messageId, string provider, OutcomeClass outcome, int round);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId}: {Provider} reported {Kind}")]
    private partial void LogEventApplied(string messageId, string provider, DeliveryEventKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId}: asked {Provider} whether it took the attempt whose answer was lost: {Outcome} {Detail}")]
    private partial void LogLookedUp(string messageId, string provider, LookupOutcome outcome, string? detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId}: every provider is skipped (open or disabled); trying again at {NextAttemptAt}")]
    private partial void LogAllSkipped(string messageId, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: a call to {Provider} was in flight when its silo stopped; treating it as ambiguous")]
    private partial void LogRecoveredInFlight(string messageId, string provider);
}
