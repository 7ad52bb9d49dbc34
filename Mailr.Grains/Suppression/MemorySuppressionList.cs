using System.Collections.Concurrent;
using Mailr.Grains.Messages;

namespace Mailr.Grains.Suppression;

/// <summary>
/// The embedded default: each key's list in this process' memory (one silo), ordered as <see cref="SuppressionOrder"/>
/// says. Entries are lost when the process stops; Redis mode keeps them.
/// </summary>
internal sealed class MemorySuppressionList : ISuppressionList
{
    // Above every position: they start with a digit.
    private const string End = "~";

    private readonly ConcurrentDictionary<string, OwnerList> _owners = new(StringComparer.Ordinal);

    public Task<IReadOnlyDictionary<string, SuppressionEntry>> FindAsync(string owner, IReadOnlyCollection<string> emails)
    {
        var found = new Dictionary<string, SuppressionEntry>(StringComparer.Ordinal);
        if (_owners.TryGetValue(owner, out var list))
        {
            lock (list)
            {
                foreach (var email in emails.Select(Mailbox.KeyOf))
                {
                    if (list.Entries.TryGetValue(email, out var entry))
                    {
                        found[email] = entry;
                    }
                }
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, SuppressionEntry>>(found);
    }

    public Task<bool> AddAsync(string owner, SuppressionEntry entry)
    {
        entry = SuppressionOrder.Normalise(entry);
        var list = _owners.GetOrAdd(owner, _ => new OwnerList());
        lock (list)
        {
            if (!list.Entries.TryAdd(entry.Email, entry))
            {
                return Task.FromResult(false);
            }

            list.Order.Add(SuppressionOrder.Position(entry));
            return Task.FromResult(true);
        }
    }

    public Task<SuppressionEntry?> GetAsync(string owner, string email)
    {
        if (!_owners.TryGetValue(owner, out var list))
        {
            return Task.FromResult<SuppressionEntry?>(null);
        }

        lock (list)
        {
            return Task.FromResult(list.Entries.GetValueOrDefault(Mailbox.KeyOf(email)));
        }
    }

    public Task<bool> RemoveAsync(string owner, string email)
    {
        if (!_owners.TryGetValue(owner, out var list))
        {
            return Task.FromResult(false);
        }

        lock (list)
        {
            if (!list.Entries.Remove(Mailbox.KeyOf(email), out var entry))
            {
                return Task.FromResult(false);
            }

            list.Order.Remove(SuppressionOrder.Position(entry));
            return Task.FromResult(true);
        }
    }

    public Task<SuppressionPage> ListAsync(string owner, int limit, string? after)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var from = SuppressionOrder.PositionAfter(after);
        if (!_owners.TryGetValue(owner, out var list))
        {
            return Task.FromResult(new SuppressionPage([], null));
        }

        lock (list)
        {
            var positions = (from is null ? list.Order : list.Order.GetViewBetween(from, End))
                .SkipWhile(p => p == from)
                .Take(limit + 1)
                .ToList();
            var items = positions.Take(limit).Select(p => list.Entries[SuppressionOrder.EmailOf(p)]).ToList();
            var next = positions.Count > limit ? SuppressionOrder.Cursor(positions[limit - 1]) : null;
            return Task.FromResult(new SuppressionPage(items, next));
        }
    }

    private sealed class OwnerList
    {
        public Dictionary<string, SuppressionEntry> Entries { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> Order { get; } = new(StringComparer.Ordinal);
    }
}
