using Mailr.Grains.Delivery;

namespace Mailr.Tests.Delivery;

/// <summary>When a message whose every provider was skipped tries again: never a used-up retry, never later than the first probe.</summary>
public sealed class SkippedRoundTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExpiresAt = Now.AddHours(24);
    private static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(30);
    private readonly RetryPolicy _retry = new([TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2)]);

    [Fact]
    public void NextTryAfterSkippedRound_FirstRoundNoProbe_WaitsTheFirstDelay()
    {
        Assert.Equal(Now.AddSeconds(10), _retry.NextTryAfterSkippedRound(0, Now, ExpiresAt, probeAt: null, OpenFor));
    }

    [Fact]
    public void NextTryAfterSkippedRound_DelaysUsedUp_StillWaitsTheLastDelay()
    {
        Assert.Equal(Now.AddMinutes(2), _retry.NextTryAfterSkippedRound(5, Now, ExpiresAt, probeAt: null, OpenFor));
    }

    [Fact]
    public void NextTryAfterSkippedRound_ProbeDueSooner_WaitsForTheProbe()
    {
        Assert.Equal(Now.AddSeconds(4), _retry.NextTryAfterSkippedRound(2, Now, ExpiresAt, Now.AddSeconds(4), OpenFor));
    }

    [Fact]
    public void NextTryAfterSkippedRound_ProbeAlreadyDue_WaitsTheMinimum()
    {
        Assert.Equal(Now + RetryPolicy.MinimumSkippedWait, _retry.NextTryAfterSkippedRound(1, Now, ExpiresAt, Now.AddSeconds(-3), OpenFor));
    }

    [Fact]
    public void NextTryAfterSkippedRound_NoDelaysConfigured_WaitsOpenFor()
    {
        Assert.Equal(Now + OpenFor, new RetryPolicy([]).NextTryAfterSkippedRound(0, Now, ExpiresAt, probeAt: null, OpenFor));
    }

    [Fact]
    public void NextTryAfterSkippedRound_RecordExpiresFirst_Null()
    {
        Assert.Null(_retry.NextTryAfterSkippedRound(0, Now, Now.AddSeconds(5), probeAt: null, OpenFor));
    }
}
