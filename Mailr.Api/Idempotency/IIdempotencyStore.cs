namespace Mailr.Api.Idempotency;

/// <summary>
/// The Idempotency-Keys of <c>POST /messages</c>. A key is first claimed (pending, with a short lease and the id
/// reserved for its message), then marked done once the message is recorded. A pending claim whose lease ran out
/// (its process died) is taken over with the same reserved id, so a message can never be recorded twice for one key.
/// A record counts until its <see cref="IdempotencyEntry.ExpiresAt"/> (exact), and the store forgets it a little later; a takeover
/// moves that later to the taker's <see cref="IdempotencyEntry.ExpiresAt"/>, since the message may only be recorded then.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="entry"/> until <paramref name="leaseUntil"/>, or reports what the
    /// key already holds: a different fingerprint, a claim still held, or a recorded message.
    /// </summary>
    Task<IdempotencyClaim> ClaimAsync(string key, IdempotencyEntry entry, DateTimeOffset now, DateTimeOffset leaseUntil);

    /// <summary>Marks the key's message as recorded (re-creating the record if it is gone).</summary>
    Task CompleteAsync(string key, IdempotencyEntry entry);

    /// <summary>
    /// Ends the lease of a pending claim for <paramref name="messageId"/> now: its accept failed, perhaps after the message was
    /// recorded (a timed-out call), so the key keeps its message and id, and the next request for the same message takes the
    /// claim over at once instead of waiting out the lease.
    /// </summary>
    Task ReleaseAsync(string key, string messageId);
}

/// <summary>What a key stands for: the message's fingerprint, its id, and when the key stops counting.</summary>
public sealed record IdempotencyEntry(string Fingerprint, string MessageId, DateTimeOffset ExpiresAt);

/// <summary>The answer to a claim; <see cref="MessageId"/> is the id reserved (or recorded) for the key.</summary>
public sealed record IdempotencyClaim(IdempotencyClaimStatus Status, string MessageId);

public enum IdempotencyClaimStatus
{
    /// <summary>The caller holds the key now: record the message under <see cref="IdempotencyClaim.MessageId"/>.</summary>
    Claimed,

    /// <summary>Another request holds the key and is still recording its message.</summary>
    Pending,

    /// <summary>The key's message is recorded: replay it.</summary>
    Done,

    /// <summary>The key was used for a different message.</summary>
    Mismatch,
}
