using Mailr.Grains.Storage;

namespace Mailr.Grains.Messages;

/// <summary>
/// One activation's copy of a stored message and the version it last read or wrote, the way
/// <c>IPersistentState</c> holds a grain's state and etag: every write names that version, so a stale
/// activation fails instead of overwriting a newer record.
/// </summary>
public sealed class MessageRecord(IMessageStore store, string id)
{
    private Task<bool>? _load;

    public MessageState? State { get; private set; }

    /// <summary>The content; null once dropped, or while the record was loaded for a lookup only.</summary>
    public MessageContent? Content { get; private set; }

    public long Version { get; private set; }

    /// <summary>This activation recorded the state's <see cref="MessageState.InFlight"/> call and has not made it yet.</summary>
    public bool OwnsCall { get; set; }

    /// <summary>Reads the record once per activation (again after a failed read); false when the store has none.</summary>
    public Task<bool> LoadAsync(bool withContent) => _load ??= ReadAsync(withContent);

    /// <summary>Records a new message; false, and nothing held, when its id exists already.</summary>
    public async Task<bool> CreateAsync(MessageContent content, MessageState state, DateTimeOffset dueAt)
    {
        if (!await store.CreateAsync(id, content, state, dueAt))
        {
            _load = null;
            return false;
        }

        (State, Content, Version, OwnsCall) = (state, content, 1, state.InFlight is not null);
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

            (State, Content, Version) = (stored.State, stored.Content, stored.Version);
        }

        return Content;
    }

    /// <summary>Writes the state with its due entry at <paramref name="dueAt"/> (null: none), dropping the content when asked.</summary>
    public async Task WriteAsync(DateTimeOffset? dueAt, bool dropContent = false)
    {
        Version = await store.UpdateAsync(id, Version, State!, dueAt, dropContent);
        if (dropContent)
        {
            Content = null;
        }
    }

    /// <summary>Records the call to <paramref name="provider"/> before it is made, unless it is the one this activation recorded already.</summary>
    public async Task StartCallAsync(string provider, DateTimeOffset now, Func<DateTimeOffset> leaseUntil)
    {
        if (OwnsCall && State!.InFlight?.Provider == provider)
        {
            return;
        }

        State!.InFlight = new InFlightAttempt(now, provider);
        await WriteAsync(leaseUntil());
        OwnsCall = true;
    }

    /// <summary>The recorded call was made, or will not be: forget it.</summary>
    public void EndCall()
    {
        State!.InFlight = null;
        OwnsCall = false;
    }

    public Task SetDueAsync(DateTimeOffset? dueAt) => store.SetDueAsync(id, dueAt);

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
            if (State is null)
            {
                (State, Content, Version) = (stored.State, stored.Content, stored.Version);
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
