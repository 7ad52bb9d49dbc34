namespace Mailr.Tests.RateLimits;

/// <summary>The rules every <see cref="IRateLimitStore"/> keeps; each store's test class runs them all.</summary>
public abstract class RateLimitStoreContractTests
{
    protected DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    protected abstract IRateLimitStore Store { get; }

    protected static string NewCounter() => $"n:test:{Guid.NewGuid():N}";

    [Fact]
    public async Task TryTakeAsync_UpToTheLimit_TakesThenRefusesWithoutCounting()
    {
        var counter = NewCounter();

        var three = await Store.TryTakeAsync(counter, 3, 5, Now, Now.AddMinutes(1));
        var overByOne = await Store.TryTakeAsync(counter, 3, 5, Now, Now.AddMinutes(1));
        var exactlyTheRest = await Store.TryTakeAsync(counter, 2, 5, Now, Now.AddMinutes(1));
        var one = await Store.TryTakeAsync(counter, 1, 5, Now, Now.AddMinutes(1));

        Assert.Equal([true, false, true, false], new[] { three, overByOne, exactlyTheRest, one });
    }

    [Fact]
    public async Task ReturnAsync_Taken_FreesThatMuchAndNeverGoesBelowZero()
    {
        var counter = NewCounter();
        await Store.TryTakeAsync(counter, 4, 4, Now, Now.AddMinutes(1));

        await Store.ReturnAsync(counter, 3);
        var three = await Store.TryTakeAsync(counter, 3, 4, Now, Now.AddMinutes(1));
        await Store.ReturnAsync(counter, 100);
        var four = await Store.TryTakeAsync(counter, 4, 4, Now, Now.AddMinutes(1));
        var five = await Store.TryTakeAsync(counter, 1, 4, Now, Now.AddMinutes(1));

        Assert.Equal([true, true, false], new[] { three, four, five });
    }

    [Fact]
    public async Task TryTakeAsync_OtherCounter_CountedApart()
    {
        var (a, b) = (NewCounter(), NewCounter());

        await Store.TryTakeAsync(a, 2, 2, Now, Now.AddMinutes(1));
        var other = await Store.TryTakeAsync(b, 2, 2, Now, Now.AddMinutes(1));

        Assert.True(other);
    }
}

public sealed class MemoryRateLimitStoreTests : RateLimitStoreContractTests
{
    private readonly MemoryRateLimitStore _store = new();

    protected override IRateLimitStore Store => _store;

    [Fact]
    public async Task TryTakeAsync_AfterKeepUntil_CounterForgotten()
    {
        var counter = NewCounter();
        await Store.TryTakeAsync(counter, 2, 2, Now, Now.AddSeconds(1));

        var later = await Store.TryTakeAsync(counter, 2, 2, Now.AddSeconds(1), Now.AddSeconds(2));

        Assert.True(later);
    }
}
