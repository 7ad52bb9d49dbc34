namespace Mailr.Grains.Scheduling;

/// <summary>
/// How a waiting message wakes while its activation lives: a wait of up to <paramref name="keepActiveWait"/>
/// stays on a one-shot grain timer; a longer one is refused, so the activation can go and leave the wake-up
/// to the due partition.
/// </summary>
internal sealed class WakeTimer(TimeSpan keepActiveWait)
{
    private IGrainTimer? _timer;

    public bool IsSet => _timer is not null;

    /// <summary>Calls <paramref name="wake"/> on <paramref name="grain"/> after <paramref name="wait"/>; false when the wait is too long to stay active.</summary>
    public bool TrySet(IGrainBase grain, TimeSpan wait, Func<Task> wake)
    {
        if (wait > keepActiveWait)
        {
            return false;
        }

        _timer?.Dispose();
        _timer = grain.RegisterGrainTimer(static (s, _) =>
        {
            s.Timer._timer?.Dispose();
            s.Timer._timer = null;
            return s.Wake();
        }, (Timer: this, Wake: wake), new GrainTimerCreationOptions
        {
            DueTime = wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            Period = Timeout.InfiniteTimeSpan,
            Interleave = false,
            KeepAlive = true,
        });
        return true;
    }
}
