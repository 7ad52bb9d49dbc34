namespace Mailr.Api.Idempotency;

/// <summary>The embedded default: keys in a dictionary, forgotten in expiry order as later claims come in.</summary>
public sealed class MemoryIdempotencyStore : IIdempotencyStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Record> _records = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _expiries = new();

    public Task<IdempotencyClaim> ClaimAsync(string key, IdempotencyEntry entry, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        lock (_lock)
        {
            Forget(now);
            if (_records.TryGetValue(key, out var record) && now < record.Entry.ExpiresAt)
            {
                if (record.Entry.Fingerprint != entry.Fingerprint)
                {
                    return Answer(IdempotencyClaimStatus.Mismatch, record);
                }

                if (record.Done || now < record.LeaseUntil)
                {
                    return Answer(record.Done ? IdempotencyClaimStatus.Done : IdempotencyClaimStatus.Pending, record);
                }

                record.LeaseUntil = leaseUntil;
                if (entry.ExpiresAt > record.Entry.ExpiresAt)
                {
                    record.Entry = record.Entry with { ExpiresAt = entry.ExpiresAt };
                    _expiries.Enqueue(key, entry.ExpiresAt);
                }

                return Answer(IdempotencyClaimStatus.Claimed, record);
            }

            Add(key, new Record(entry) { LeaseUntil = leaseUntil });
            return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, entry.MessageId));
        }
    }

    public Task CompleteAsync(string key, IdempotencyEntry entry)
    {
        lock (_lock)
        {
            if (!_records.TryGetValue(key, out var record))
            {
                Add(key, record = new Record(entry));
            }

            record.Done |= record.Entry.MessageId == entry.MessageId;
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string key, string messageId)
    {
        lock (_lock)
        {
            if (_records.TryGetValue(key, out var record) && !record.Done && record.Entry.MessageId == messageId)
            {
                record.LeaseUntil = DateTimeOffset.MinValue;
            }
        }

        return Task.CompletedTask;
    }

    private static Task<IdempotencyClaim> Answer(IdempotencyClaimStatus status, Record record) =>
        Task.FromResult(new IdempotencyClaim(status, record.Entry.MessageId));

    private void Add(string key, Record record)
    {
        _records[key] = record;
        _expiries.Enqueue(key, record.Entry.ExpiresAt);
    }

    private void Forget(DateTimeOffset now)
    {
        while (_expiries.TryPeek(out var key, out var at) && at <= now)
        {
            _expiries.Dequeue();
            if (_records.TryGetValue(key, out var record) && record.Entry.ExpiresAt <= now)
            {
                _records.Remove(key);
            }
        }
    }

    private sealed class Record(IdempotencyEntry entry)
    {
        public IdempotencyEntry Entry { get; set; } = entry;

        public DateTimeOffset LeaseUntil { get; set; }

        public bool Done { get; set; }
    }
}
