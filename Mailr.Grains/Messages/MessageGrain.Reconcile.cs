using Mailr.Grains.Delivery;
using Mailr.Grains.Events;
using Mailr.Grains.Providers;

namespace Mailr.Grains.Messages;

/// <summary>Finding out whether a provider took an attempt whose answer was lost, before anything is sent again.</summary>
internal sealed partial class MessageGrain
{
    private const string UnknownReason = "unknown whether the provider sent it";

    private ReconcileSource SourceOf(PendingReconcile pending) => _dispatch.Find(pending.Provider)?.Reconcile ?? ReconcileSource.None;

    /// <summary>The round that repeats a lost request that is safe to repeat, when one is pending.</summary>
    private FailoverPlan? RepeatPlan() =>
        Record.State.Reconcile is { } pending && _dispatch.Find(pending.Provider) is { Reconcile: ReconcileSource.Repeat } provider
            ? _dispatch.Repeat(provider)
            : null;

    /// <summary>
    /// The answer of <paramref name="provider"/> was lost: starts finding out whether it took the message. False when
    /// there is nothing to ask, and <c>Mailr:Reconcile:WhenUnknown</c> has decided at once.
    /// </summary>
    private bool StartReconcile(string provider, DateTimeOffset now)
    {
        var state = Record.State;
        var settings = options.Value.Reconcile;
        var keys = state.Pending.Select(r => r.Mailbox.Key).ToList();
        var source = _dispatch.Find(provider)?.Reconcile ?? ReconcileSource.None;
        var first = source == ReconcileSource.Events ? now + settings.Within : now + settings.After;
        if (source == ReconcileSource.None || first >= state.ExpiresAt)
        {
            DecideUnknown(provider, keys, now);
            return false;
        }

        state.Reconcile = new PendingReconcile
        {
            Provider = provider,
            LostAt = now,
            Deadline = source == ReconcileSource.Repeat ? state.ExpiresAt : now + settings.Within,
            RecipientKeys = keys,
        };
        state.AddStep(new ReconcileStep(now, provider, ReconcileStepKind.Started, keys));
        state.NextAttemptAt = first;
        return true;
    }

    /// <summary>A look-up is due (or, for an event-only provider, the time to wait for its event is over).</summary>
    private async Task ReconcileAsync(PendingReconcile pending)
    {
        var lookup = _dispatch.Find(pending.Provider) is { Reconcile: ReconcileSource.LookUp, Provider: IProviderLookup asker } provider
            ? await ProviderLookupCall.InvokeAsync(asker, provider.Timeout, await LostEmailAsync(pending), pending.LostAt, CancellationToken.None)
            : LookupResult.Unknown("only an event can tell");

        // Reading the content may have reloaded the record (an activation made by a lookup has none): take its state now.
        var state = Record.State;
        pending = state.Reconcile ?? pending;
        var now = clock.GetUtcNow();
        pending.Steps++;
        _log.LookedUp(Id, pending.Provider, lookup);
        var keys = pending.RecipientKeys;
        if (lookup.Outcome == LookupOutcome.Found)
        {
            foreach (var recipient in state.Pending.Where(r => keys.Contains(r.Mailbox.Key)).ToList())
            {
                recipient.Sent(now);
            }

            state.AddStep(new ReconcileStep(now, pending.Provider, ReconcileStepKind.Found, keys));
            state.Found(pending.Provider, lookup.ProviderMessageId);
            if (_dispatch.Find(pending.Provider) is { Webhook: true } found && ProviderMessageIds.Keys(found.Type, lookup.ProviderMessageId) is { Count: > 0 } ids)
            {
                _indexing = providerIds.AddAsync(pending.Provider, [.. ids], Id, state.ExpiresAt);
            }
        }
        else if (now < pending.Deadline)
        {
            var kind = lookup.Outcome == LookupOutcome.NotFound ? ReconcileStepKind.NotFoundYet : ReconcileStepKind.LookupFailed;
            state.AddStep(new ReconcileStep(now, pending.Provider, kind, keys));
            var wait = options.Value.Reconcile.After * Math.Pow(2, Math.Min(pending.Steps, 10));
            state.NextAttemptAt = now + wait < pending.Deadline ? now + wait : pending.Deadline;
            await SaveAsync();
            return;
        }
        else if (lookup.Outcome == LookupOutcome.NotFound)
        {
            state.AddStep(new ReconcileStep(now, pending.Provider, ReconcileStepKind.NotTaken, keys));
        }
        else
        {
            DecideUnknown(pending.Provider, keys, now);
        }

        // Found, not taken, or decided: the message goes on as after a retryable answer at the time the answer was lost.
        state.Reconcile = null;
        ScheduleNext(RoundEnd.Retry, pending.LostAt, now);
        await SaveAsync();
    }

    /// <summary>It stays unknown whether the provider took it: <c>Mailr:Reconcile:WhenUnknown</c> decides.</summary>
    private void DecideUnknown(string provider, List<string> keys, DateTimeOffset now)
    {
        var state = Record.State;
        if (options.Value.Reconcile.WhenUnknown == Options.WhenUnknown.Fail)
        {
            state.FailPending(UnknownReason, now, inDoubt: true, only: keys);
            state.AddStep(new ReconcileStep(now, provider, ReconcileStepKind.UnknownFail, keys));
        }
        else
        {
            state.AddStep(new ReconcileStep(now, provider, ReconcileStepKind.UnknownRetry, keys));
        }
    }

    /// <summary>The email of the attempt whose answer was lost: the message to the recipients it covered that are still waiting.</summary>
    private async Task<OutgoingEmail> LostEmailAsync(PendingReconcile pending)
    {
        var content = await Record.ContentAsync();
        var others = Record.State.Pending.Select(r => r.Mailbox.Key).Where(k => !pending.RecipientKeys.Contains(k)).ToHashSet();
        return Record.State.NextEmail(Id, content, others);
    }
}
