using Mailr.Grains.Scheduling;
using Mailr.Grains.Storage;

namespace Mailr.Grains.Messages;

/// <summary>
/// One activation's copy of a stored message, the way <c>IPersistentState</c> holds a grain's state and etag:
/// every write names the version last read or written, so a stale activation fails instead of overwriting a
/// newer record. It also keeps the record's place in its partition's due index, which follows from the state:
/// while a call is recorded the entry is the call's lease (held by <see cref="LeaseRenewer"/> until the call
/// ends), otherwise it is <see cref="MessageState.NextAttemptAt"/>, and a finished message has none (and drops
/// its content). The grain changes the state and asks for a write; the record knows what to write and hold.
/// </summary>
internal sealed class MessageRecord(IMessageStore store, LeaseRenewer leases, string id)
{
    private Task<bool>? _load;
    private MessageState? _state;

    /// <summary>The progress; only after a load that found the record, or a create.</summary>
    public MessageState State => _state ?? throw new InvalidOperationException($"message {id} is not loaded");

    public bool Exists => _state is not null;

    /// <summary>The content; null once dropped, or while the record was loaded for a lookup only.</summary>
    public MessageContent? Content { get; private set; }

    public long Version { get; private set; }

    /// <summary>This activation recorded the state's <see cref="MessageState.InFlight"/> call and has not made it yet.</summary>
    public bool OwnsCall { get; private set; }

    /// <summary>Reads the record once per activation (again after a failed read); false when the store has none.</summary>
    public Task<bool> LoadAsync(bool withContent) => _load ??= ReadAsync(withContent);

    /// <summary>
    /// Records a new message, its first round running in this activation (its due entry is the lease); false, and
    /// nothing held, when its id exists already.
    /// </summary>
    public async Task<bool> CreateAsync(MessageContent content, MessageState state)
    {
        try
        {
            // A message with nothing to send (every recipient suppressed) is due at once; its first write removes the entry.
            var dueAt = state.InFlight is not null ? leases.Hold(id) : state.NextAttemptAt ?? state.AcceptedAt;
            if (!await store.CreateAsync(id, content, state, dueAt))
            {
                leases.Release(id);
                _load = null;
                return false;
            }
        }
        catch
        {
            leases.Release(id);
            throw;
        }

        (_state, Content, Version, OwnsCall) = (state, content, 1, state.InFlight is not null);
        _load = Task.FromResult(true);
        return true;
    }

    /// <summary>The content to send. Loaded for a lookup, without it: read it all again (this activation is the only writer).</summary>
    public async Task<MessageContent> ContentAsync()
    {
        if (Content is null)
        {
            var stored = await store.ReadAsync(id, withContent: true);
            if (stored?.Content is null)
            {
                throw new MessageConflictException(id);
            }

            (_state, Content, Version) = (stored.State, stored.Content, stored.Version);
        }

        return Content;
    }

    /// <summary>Writes the state with the due entry it implies; a finished message leaves the due index and drops its content.</summary>
    public async Task WriteAsync()
    {
        var finished = State.IsFinished;

        // A call recorded by a process that died (not this activation's) is due now: the wake-up recovers it.
        DateTimeOffset? dueAt = finished ? null
            : State.InFlight is { } call ? (OwnsCall ? leases.Hold(id) : call.StartedAt)
            : State.NextAttemptAt;
        if (State.InFlight is null)
        {
            leases.Release(id);
        }

        Version = await store.UpdateAsync(id, Version, State, dueAt, dropContent: finished);
        if (finished)
        {
            Content = null;
        }
    }

    /// <summary>Records the call to <paramref name="provider"/> before it is made, unless it is the one this activation recorded already.</summary>
    public async Task StartCallAsync(string provider, DateTimeOffset now)
    {
        if (OwnsCall && State.InFlight?.Provider == provider)
        {
            return;
        }

        State.InFlight = new InFlightAttempt(now, provider);
        await WriteAsync();
        OwnsCall = true;
    }

    /// <summary>The recorded call was made, or will not be: forget it, and its lease.</summary>
    public void EndCall()
    {
        State.InFlight = null;
        OwnsCall = false;
        leases.Release(id);
    }

    /// <summary>Stopping before the call this activation recorded was made: hand it to the next silo now, not as ambiguous later.</summary>
    public async Task HandOverAsync()
    {
        if (OwnsCall && _state is { InFlight: not null })
        {
            EndCall();
            await WriteAsync();
        }
    }

    /// <summary>A write failed or conflicted: let go of what this activation holds (it reloads on the next wake-up).</summary>
    public void Abandon()
    {
        OwnsCall = false;
        leases.Release(id);
    }

    /// <summary>Puts the due entry back where the state says (an early wake-up), or removes it (unknown, expired or finished).</summary>
    public Task ResetDueAsync(bool live) =>
        store.SetDueAsync(id, live && _state is { IsFinished: false } state ? state.NextAttemptAt : null);

    public Task DeleteAsync() => store.DeleteAsync(id);

    private async Task<bool> ReadAsync(bool withContent)
    {
        try
        {
            if (await store.ReadAsync(id, withContent) is not { } stored)
            {
                return false;
            }

            // An acceptance that completed meanwhile wins over what was read before it.
            if (_state is null)
            {
                (_state, Content, Version) = (stored.State, stored.Content, stored.Version);
            }

            return true;
        }
        catch
        {
            _load = null;
            throw;
        }
    }
}
