namespace Mailr.Grains.Delivery;

/// <summary>
/// When the next round of attempts is due. A message gets one round at acceptance and one more
/// after each configured delay; a retry that would land at or after the record's expiry is not made.
/// </summary>
internal sealed class RetryPolicy(IReadOnlyList<TimeSpan> delays)
{
    /// <summary>The time of the next round after <paramref name="roundsFinished"/> rounds, or null to give up.</summary>
    public DateTimeOffset? NextRoundAt(int roundsFinished, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        if (roundsFinished < 1 || roundsFinished > delays.Count)
        {
            return null;
        }

        var next = now + delays[roundsFinished - 1];
        return next < expiresAt ? next : null;
    }

    /// <summary>
    /// When to try again after a round in which every provider was skipped (open circuits, disabled). Such a
    /// round is not an attempt and uses none of the retries: it waits for the next retry delay (or
    /// <paramref name="fallback"/> when there is none), but no longer than until the first skipped provider's
    /// probe is due, and at least <see cref="MinimumSkippedWait"/>. Null only when the record expires first.
    /// </summary>
    public DateTimeOffset? NextTryAfterSkippedRound(int roundsFinished, DateTimeOffset now, DateTimeOffset expiresAt, DateTimeOffset? probeAt, TimeSpan fallback)
    {
        var wait = delays.Count == 0 ? fallback : delays[Math.Min(Math.Max(roundsFinished, 1), delays.Count) - 1];
        if (probeAt is { } probe && probe - now < wait)
        {
            wait = probe - now;
        }

        var next = now + (wait > MinimumSkippedWait ? wait : MinimumSkippedWait);
        return next < expiresAt ? next : null;
    }

    /// <summary>
    /// What follows a round that ended as <paramref name="end"/> with <paramref name="roundsFinished"/> rounds
    /// finished (a skipped round is not one; <paramref name="probeAt"/> and <paramref name="fallback"/> apply to it only).
    /// </summary>
    public NextRound After(RoundEnd end, int roundsFinished, DateTimeOffset now, DateTimeOffset expiresAt, DateTimeOffset? probeAt, TimeSpan fallback) => end switch
    {
        RoundEnd.Finished => NextRound.None,
        RoundEnd.Skipped => NextRound.AtOrFail(NextTryAfterSkippedRound(roundsFinished, now, expiresAt, probeAt, fallback),
            "no provider could be tried before the message expired"),
        RoundEnd.Retry => NextRound.AtOrFail(NextRoundAt(roundsFinished, now, expiresAt), "no provider accepted it before the retries ran out"),
        _ => new NextRound(null, "every provider refused it"),
    };

    /// <summary>A message whose providers are all skipped never tries again sooner than this (a probe already out elsewhere).</summary>
    public static readonly TimeSpan MinimumSkippedWait = TimeSpan.FromSeconds(1);
}
