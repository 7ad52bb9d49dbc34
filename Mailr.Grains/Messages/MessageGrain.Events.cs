using Mailr.Grains.Events;
using Mailr.Grains.Suppression;

namespace Mailr.Grains.Messages;

/// <summary>
/// What providers report after the hand-off: their events, applied to the recipients and written before the answer;
/// the addresses they refused, put on the owner's suppression list; and their message ids, indexed for the events
/// that name only those.
/// </summary>
internal sealed partial class MessageGrain
{
    // Addresses a provider refused about themselves in this round: put on the owner's suppression list after the round is written.
    private readonly List<SuppressionEntry> _refusedAddresses = [];

    // The provider's id of this round's accepted send, indexed beside the round's write (events may name only that id).
    private Task _indexing = Task.CompletedTask;

    async Task<IReadOnlyList<EventResult>> IMessageGrain.ApplyEventsAsync(IReadOnlyList<DeliveryReport> reports)
    {
        if (!(await Record.LoadAsync(withContent: false) && IsLive))
        {
            DeactivateOnIdle();
            return [.. reports.Select(_ => EventResult.Unmatched)];
        }

        var state = Record.State;
        var now = clock.GetUtcNow();
        var wasFinished = state.IsFinished;
        var results = new List<EventResult>(reports.Count);
        var suppress = new List<SuppressionEntry>();
        foreach (var report in reports)
        {
            results.Add(state.Apply(report, now, out var reason));
            if (reason is { } r)
            {
                suppress.Add(new SuppressionEntry(Mailbox.KeyOf(report.Recipient), r, now));
            }
        }

        if (results.Exists(r => r is EventResult.Applied or EventResult.Duplicate or EventResult.Stale))
        {
            // The suppression first: if either write fails the provider sends the event again, and it applies again.
            foreach (var entry in suppress)
            {
                await suppressions.AddAsync(state.Owner ?? "", entry);
            }

            try
            {
                await Record.WriteAsync();
            }
            catch
            {
                Record.Abandon();
                DeactivateOnIdle();
                throw;
            }

            _log.EventsApplied(Id, reports, results);
            if (state.IsFinished && !wasFinished)
            {
                // An event proved a provider took the last waiting recipients.
                _log.Finished(Id, state, now);
            }
        }

        if (state.IsFinished && !_wake.IsSet)
        {
            DeactivateOnIdle();
        }

        return results;
    }

    /// <summary>Best effort: the index of the provider's id (sent beside the write, so it costs no round trip of its own).</summary>
    private async Task IndexedAsync()
    {
        try
        {
            await _indexing;
        }
        catch (Exception e)
        {
            LogIndexFailed(e, Id);
        }

        _indexing = Task.CompletedTask;
    }

    /// <summary>Best effort: the addresses providers refused in this round go on the owner's suppression list.</summary>
    private async Task SuppressRefusedAsync(string? owner)
    {
        foreach (var entry in _refusedAddresses)
        {
            try
            {
                await suppressions.AddAsync(owner ?? "", entry);
            }
            catch (Exception e)
            {
                LogSuppressFailed(e, Id);
            }
        }

        _refusedAddresses.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: could not index the provider's message id (its events must carry Mailr's id)")]
    private partial void LogIndexFailed(Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: could not put a refused address on the suppression list")]
    private partial void LogSuppressFailed(Exception exception, string messageId);
}
