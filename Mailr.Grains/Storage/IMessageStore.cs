using Mailr.Grains.Messages;

namespace Mailr.Grains.Storage;

/// <summary>
/// Where messages live. A message is two parts: its content (written once, at acceptance, and dropped
/// once every recipient is done) and its small, versioned progress. Beside them sits a due index per
/// partition: the ids of the unfinished messages, scored by when each next needs a wake-up (a retry,
/// or the lease of an in-flight call running out). Finished messages are not in it, so nothing
/// periodic ever reads them. Every record carries an absolute deadline (its expiry plus
/// <see cref="MessagePartitions.ExpiryGrace"/>) after which the store forgets it on its own.
/// </summary>
public interface IMessageStore
{
    /// <summary>
    /// Records a new message in one atomic write (content, progress at version 1, its deadline, and its
    /// due entry at <paramref name="dueAt"/>). Returns false, and writes nothing, when the id exists.
    /// </summary>
    Task<bool> CreateAsync(string id, MessageContent content, MessageState state, DateTimeOffset dueAt);

    /// <summary>The stored message, or null when it is unknown or past its deadline.</summary>
    Task<StoredMessage?> ReadAsync(string id, bool withContent);

    /// <summary>
    /// Replaces the progress if the stored version is <paramref name="expectedVersion"/>, and in the same
    /// write moves the due entry to <paramref name="dueAt"/> (null removes it) and drops the content when
    /// asked. Returns the new version; throws <see cref="MessageConflictException"/> when another writer got
    /// there first or the record is gone.
    /// </summary>
    Task<long> UpdateAsync(string id, long expectedVersion, MessageState state, DateTimeOffset? dueAt, bool dropContent);

    /// <summary>Sets (or with null removes) a message's due entry without touching its record.</summary>
    Task SetDueAsync(string id, DateTimeOffset? dueAt);

    /// <summary>
    /// Takes up to <paramref name="max"/> ids of <paramref name="partition"/> that are due at
    /// <paramref name="now"/> and, in the same step, pushes their entries to <paramref name="now"/> +
    /// <paramref name="claimFor"/>, so a wake-up that gets lost is made again later and a slow one is not
    /// repeated at every poll.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimDueAsync(int partition, DateTimeOffset now, TimeSpan claimFor, int max);

    /// <summary>
    /// Moves the due entries of <paramref name="ids"/> to <paramref name="until"/>, but only those that are still
    /// in the index (a message that finished meanwhile is not put back): the lease renewal of calls in flight.
    /// </summary>
    Task RenewAsync(IReadOnlyCollection<string> ids, DateTimeOffset until);

    /// <summary>Removes a message and its due entry (a half-accepted record whose caller was told 503).</summary>
    Task DeleteAsync(string id);
}

/// <summary>A message as stored: its progress, its content unless dropped (or not asked for), and the progress' version.</summary>
public sealed record StoredMessage(MessageState State, MessageContent? Content, long Version);

/// <summary>Another writer changed the message since it was read (a second activation), or its record is gone.</summary>
public sealed class MessageConflictException(string id) : Exception($"message {id} was changed by another writer or no longer exists");
