using Mailr.Grains.Delivery;

namespace Mailr.Tests.Delivery;

/// <summary>What follows a round: the next round's time, or why the recipients still waiting fail.</summary>
public sealed class NextRoundTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExpiresAt = Now.AddHours(24);
    private static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(30);
    private readonly RetryPolicy _retry = new([TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2)]);

    [Fact]
    public void After_Finished_NoNextRoundAndNoFailure()
    {
        Assert.Equal(new NextRound(null, null), _retry.After(RoundEnd.Finished, 1, Now, ExpiresAt, null, OpenFor));
    }

    [Fact]
    public void After_RetryFirstRound_WaitsTheFirstDelay()
    {
        Assert.Equal(new NextRound(Now.AddSeconds(10), null), _retry.After(RoundEnd.Retry, 1, Now, ExpiresAt, null, OpenFor));
    }

    [Fact]
    public void After_RetrySecondRound_WaitsTheSecondDelay()
    {
        Assert.Equal(new NextRound(Now.AddMinutes(2), null), _retry.After(RoundEnd.Retry, 2, Now, ExpiresAt, null, OpenFor));
    }

    [Fact]
    public void After_RetryDelaysUsedUp_FailsWithRetriesRanOut()
    {
        Assert.Equal(new NextRound(null, "no provider accepted it before the retries ran out"),
            _retry.After(RoundEnd.Retry, 3, Now, ExpiresAt, null, OpenFor));
    }

    [Fact]
    public void After_RetryPastExpiry_FailsWithRetriesRanOut()
    {
        Assert.Equal(new NextRound(null, "no provider accepted it before the retries ran out"),
            _retry.After(RoundEnd.Retry, 1, Now, Now.AddSeconds(5), null, OpenFor));
    }

    [Fact]
    public void After_Refused_FailsWithoutAnotherRound()
    {
        Assert.Equal(new NextRound(null, "every provider refused it"), _retry.After(RoundEnd.Refused, 1, Now, ExpiresAt, null, OpenFor));
    }

    [Fact]
    public void After_SkippedBeforeAnyRound_WaitsTheFirstDelayOrTheProbe()
    {
        Assert.Equal(new NextRound(Now.AddSeconds(4), null), _retry.After(RoundEnd.Skipped, 0, Now, ExpiresAt, Now.AddSeconds(4), OpenFor));
    }

    [Fact]
    public void After_SkippedWithDelaysUsedUp_StillWaitsInsteadOfFailing()
    {
        Assert.Equal(new NextRound(Now.AddMinutes(2), null), _retry.After(RoundEnd.Skipped, 3, Now, ExpiresAt, null, OpenFor));
    }

    [Fact]
    public void After_SkippedAndExpiresFirst_FailsWithNoProviderTried()
    {
        Assert.Equal(new NextRound(null, "no provider could be tried before the message expired"),
            _retry.After(RoundEnd.Skipped, 0, Now, Now.AddSeconds(5), null, OpenFor));
    }
}
