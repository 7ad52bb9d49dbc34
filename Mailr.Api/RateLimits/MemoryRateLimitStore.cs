namespace Mailr.Api.RateLimits;

/// <summary>The embedded default: counters in a dictionary, forgotten in deadline order as later counts come in.</summary>
public sealed class MemoryRateLimitStore : IRateLimitStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _deadlines = new();

    public Task<bool> TryTakeAsync(string counter, long amount, long limit, DateTimeOffset now, DateTimeOffset keepUntil)
    {
        lock (_lock)
        {
            Forget(now);
            if (!_counters.TryGetValue(counter, out var current))
            {
                _counters[counter] = current = new Counter();
                _deadlines.Enqueue(counter, keepUntil);
            }

            if (current.Count + amount > limit)
            {
                return Task.FromResult(false);
            }

            current.Count += amount;
            return Task.FromResult(true);
        }
    }

    public Task ReturnAsync(string counter, long amount)
    {
        lock (_lock)
        {
            if (_counters.TryGetValue(counter, out var current))
            {
                current.Count = Math.Max(0, current.Count - amount);
            }
        }

        return Task.CompletedTask;
    }

    private void Forget(DateTimeOffset now)
    {
        while (_deadlines.TryPeek(out var counter, out var at) && at <= now)
        {
            _deadlines.Dequeue();
            _counters.Remove(counter);
        }
    }

    private sealed class Counter
    {
        public long Count { get; set; }
    }
}
