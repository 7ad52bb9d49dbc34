namespace Mailr.Grains.Delivery;

/// <summary>
/// When the next round of attempts is due. A message gets one round at acceptance and one more
/// after each configured delay; a retry that would land at or after the record's expiry is not made.
/// </summary>
public sealed class RetryPolicy(IReadOnlyList<TimeSpan> delays)
{
    public IReadOnlyList<TimeSpan> Delays { get; } = delays;

    /// <summary>The time of the next round after <paramref name="roundsFinished"/> rounds, or null to give up.</summary>
    public DateTimeOffset? NextRoundAt(int roundsFinished, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        if (roundsFinished < 1 || roundsFinished > Delays.Count)
        {
            return null;
        }

        var next = now + Delays[roundsFinished - 1];
        return next < expiresAt ? next : null;
    }
}
