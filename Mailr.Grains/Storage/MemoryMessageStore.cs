using System.Collections.Concurrent;
using Mailr.Grains.Messages;
using Mailr.Grains.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Grains.Storage;

/// <summary>
/// The embedded default: messages in this process' memory (one silo; nothing survives a restart),
/// stored serialized exactly as in Redis, so both modes share one format and one set of rules.
/// Records are forgotten at their deadline by a queue in acceptance order (which is deadline order,
/// the retention being one setting), which only ever looks at the records that are due to go.
/// </summary>
internal sealed class MemoryMessageStore([FromKeyedServices(GrainNames.Clock)] TimeProvider clock) : IMessageStore
{
    private readonly ConcurrentDictionary<string, Entry> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(DateTimeOffset Deadline, string Id)> _deadlines = new();
    private readonly DueIndex[] _due = [.. Enumerable.Range(0, MessagePartitions.Count).Select(_ => new DueIndex())];

    /// <summary>How many records are held (tests and diagnostics).</summary>
    public int Count => _messages.Count;

    public Task<bool> CreateAsync(string id, MessageContent content, MessageState state, DateTimeOffset dueAt)
    {
        var now = clock.GetUtcNow();
        Forget(now);
        var entry = new Entry(MessageJson.Serialize(content), MessageJson.Serialize(state), state.ExpiresAt + MessagePartitions.ExpiryGrace);
        if (!_messages.TryAdd(id, entry))
        {
            return Task.FromResult(false);
        }

        _deadlines.Enqueue((entry.Deadline, id));
        lock (entry)
        {
            Due(id).Set(id, entry.Gone ? null : dueAt);
        }

        return Task.FromResult(true);
    }

    public Task<StoredMessage?> ReadAsync(string id, bool withContent)
    {
        if (!_messages.TryGetValue(id, out var entry) || entry.Deadline <= clock.GetUtcNow())
        {
            return Task.FromResult<StoredMessage?>(null);
        }

        lock (entry)
        {
            var content = withContent && entry.Content is { } bytes ? MessageJson.ReadContent(bytes) : null;
            return Task.FromResult<StoredMessage?>(new(MessageJson.ReadState(entry.State), content, entry.Version));
        }
    }

    public Task<long> UpdateAsync(string id, long expectedVersion, MessageState state, DateTimeOffset? dueAt, bool dropContent)
    {
        if (!_messages.TryGetValue(id, out var entry) || entry.Deadline <= clock.GetUtcNow())
        {
            throw new MessageConflictException(id);
        }

        var json = MessageJson.Serialize(state);
        lock (entry)
        {
            if (entry.Gone || entry.Version != expectedVersion)
            {
                throw new MessageConflictException(id);
            }

            entry.State = json;
            entry.Content = dropContent ? null : entry.Content;
            Due(id).Set(id, dueAt);
            return Task.FromResult(++entry.Version);
        }
    }

    public Task SetDueAsync(string id, DateTimeOffset? dueAt)
    {
        if (!_messages.TryGetValue(id, out var entry))
        {
            Due(id).Set(id, null);
            return Task.CompletedTask;
        }

        lock (entry)
        {
            Due(id).Set(id, entry.Gone ? null : dueAt);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ClaimDueAsync(int partition, DateTimeOffset now, TimeSpan claimFor, int max)
    {
        Forget(now);
        return Task.FromResult<IReadOnlyList<string>>(_due[partition].Claim(now, now + claimFor, max));
    }

    public Task RenewAsync(IReadOnlyCollection<string> ids, DateTimeOffset until)
    {
        foreach (var id in ids)
        {
            Due(id).Renew(id, until);
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string id)
    {
        if (_messages.TryRemove(id, out var entry))
        {
            Remove(id, entry);
        }

        return Task.CompletedTask;
    }

    private DueIndex Due(string id) => _due[MessagePartitions.Of(id)];

    private void Forget(DateTimeOffset now)
    {
        if (!_deadlines.TryPeek(out var first) || first.Deadline > now)
        {
            return;
        }

        // One forgetter at a time: a peek and its dequeue must see the same head.
        lock (_deadlines)
        {
            while (_deadlines.TryPeek(out var head) && head.Deadline <= now)
            {
                _deadlines.TryDequeue(out _);
                if (_messages.TryGetValue(head.Id, out var entry) && entry.Deadline <= now && _messages.TryRemove(head.Id, out _))
                {
                    Remove(head.Id, entry);
                }
            }
        }
    }

    private void Remove(string id, Entry entry)
    {
        lock (entry)
        {
            entry.Gone = true;
            Due(id).Set(id, null);
        }
    }

    private sealed class Entry(byte[] content, byte[] state, DateTimeOffset deadline)
    {
        public byte[]? Content { get; set; } = content;

        public byte[] State { get; set; } = state;

        public long Version { get; set; } = 1;

        /// <summary>Deleted or forgotten: no write may touch it (or its due entry) any more.</summary>
        public bool Gone { get; set; }

        public DateTimeOffset Deadline { get; } = deadline;
    }

    /// <summary>One partition's due entries, ordered by due time (the in-memory twin of a Redis sorted set).</summary>
    private sealed class DueIndex
    {
        private readonly SortedSet<(long At, string Id)> _byTime = new(Comparer<(long At, string Id)>.Create(
            static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : string.CompareOrdinal(a.Id, b.Id)));
        private readonly Dictionary<string, long> _times = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public void Set(string id, DateTimeOffset? at)
        {
            lock (_lock)
            {
                if (_times.Remove(id, out var old))
                {
                    _byTime.Remove((old, id));
                }

                if (at is { } due)
                {
                    _times[id] = due.ToUnixTimeMilliseconds();
                    _byTime.Add((due.ToUnixTimeMilliseconds(), id));
                }
            }
        }

        public void Renew(string id, DateTimeOffset until)
        {
            lock (_lock)
            {
                if (_times.TryGetValue(id, out var old))
                {
                    _byTime.Remove((old, id));
                    _times[id] = until.ToUnixTimeMilliseconds();
                    _byTime.Add((_times[id], id));
                }
            }
        }

        public List<string> Claim(DateTimeOffset now, DateTimeOffset until, int max)
        {
            var claimed = new List<string>();
            lock (_lock)
            {
                var cutoff = now.ToUnixTimeMilliseconds();
                foreach (var (at, id) in _byTime)
                {
                    if (at > cutoff || claimed.Count == max)
                    {
                        break;
                    }

                    claimed.Add(id);
                }

                foreach (var id in claimed)
                {
                    _byTime.Remove((_times[id], id));
                    _times[id] = until.ToUnixTimeMilliseconds();
                    _byTime.Add((_times[id], id));
                }
            }

            return claimed;
        }
    }
}
