using System.Collections.Concurrent;

namespace Mailr.Tests.Fixtures;

/// <summary>
/// The one fake clock of an in-process cluster: registered under <see cref="GrainNames.Clock"/>, it is both
/// Mailr's clock and Orleans' grain clock, so it also drives the grain timers (a message's wake-up, the due
/// partitions' polls). It knows which timers are armed, so a test can wait for a grain to arm its wake-up
/// and then move time, and <see cref="AdvanceAsync"/> returns once every timer that came due has ticked.
/// </summary>
public sealed class GrainClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly object _lock = new();
    private readonly ConcurrentDictionary<TrackedTimer, byte> _timers = new();
    private readonly List<(string Owner, DateTimeOffset At)> _armed = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrainClock()
        : this(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Orleans passes the grain timer as the state; its text names the grain ("… Grain: '[Activation: …/message/{id}…]'").
        var timer = new TrackedTimer(this, state?.ToString() ?? "");
        timer.Inner = base.CreateTimer(s => timer.Fire(callback, s), state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timers[timer] = 0;
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Waits until a timer of the grain whose key is <paramref name="grainKey"/> is armed to fire at exactly <paramref name="at"/>.</summary>
    public async Task WhenArmedAsync(string grainKey, DateTimeOffset at)
    {
        await WaitAsync(() => _armed.Any(a => a.At == at && a.Owner.Contains(grainKey, StringComparison.Ordinal)),
            () => $"no timer of grain {grainKey} was armed for {at:O}; armed for it: [{string.Join(", ", _armed.Where(a => a.Owner.Contains(grainKey, StringComparison.Ordinal)).Select(a => a.At.ToString("O")))}]");
    }

    /// <summary>Waits until the grain whose key is <paramref name="grainKey"/> has no timer left (its activation is gone).</summary>
    public Task WhenNoTimerAsync(string grainKey) =>
        WaitAsync(() => !_timers.Keys.Any(t => t.Owner.Contains(grainKey, StringComparison.Ordinal) && !t.Disposed),
            () => $"grain {grainKey} still has a timer");

    /// <summary>Moves time by <paramref name="by"/>, then waits until every timer that came due has finished its tick (re-armed or disposed).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var target = GetUtcNow() + by;
        var due = _timers.Keys.Where(t => t.DueAt is { } at && at <= target).Select(t => (Timer: t, Ticks: t.Ticks)).ToList();
        Advance(by);
        await WaitAsync(() => due.All(d => d.Timer.Disposed || d.Timer.Ticks > d.Ticks && d.Timer.Rearmed),
            () => $"after moving to {target:O} these timers did not finish their tick: {string.Join("; ", due.Where(d => !(d.Timer.Disposed || d.Timer.Ticks > d.Ticks && d.Timer.Rearmed)).Select(d => d.Timer.Owner))}");
    }

    private async Task WaitAsync(Func<bool> done, Func<string> failure)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (done())
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline - DateTime.UtcNow);
            }
            catch (Exception e) when (e is TimeoutException or ArgumentOutOfRangeException)
            {
                lock (_lock)
                {
                    throw new TimeoutException($"{failure()} (waited {s_timeout})");
                }
            }
        }
    }

    private void Signal(Action update)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            update();
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class TrackedTimer(GrainClock clock, string owner) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public string Owner => owner;

        public DateTimeOffset? DueAt { get; private set; }

        public int Ticks { get; private set; }

        /// <summary>Changed (re-armed, or stopped) since its last tick: Orleans does that when the tick completes.</summary>
        public bool Rearmed { get; private set; }

        public bool Disposed { get; private set; }

        public void Fire(TimerCallback callback, object? state)
        {
            clock.Signal(() =>
            {
                Ticks++;
                Rearmed = false;
                DueAt = null;
            });
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // Recorded first: a timer due now fires inside Inner.Change, and its tick must come after this.
            clock.Signal(() =>
            {
                Rearmed = true;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
                if (DueAt is { } at)
                {
                    clock._armed.Add((owner, at));
                }
            });
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Inner.Dispose();
            clock.Signal(() => Disposed = true);
            clock._timers.TryRemove(this, out _);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
