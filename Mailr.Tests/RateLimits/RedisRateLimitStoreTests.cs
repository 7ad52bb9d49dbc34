using Mailr.Silo.Redis;
using StackExchange.Redis;

namespace Mailr.Tests.RateLimits;

[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisRateLimitStoreTests(RedisServerFixture redis) : RateLimitStoreContractTests, IAsyncLifetime
{
    private IConnectionMultiplexer _connection = null!;
    private RedisRateLimitStore _store = null!;

    protected override IRateLimitStore Store => _store;

    public Task InitializeAsync()
    {
        _connection = RedisMessageStoreConnection.Connect(redis.ConnectionString);
        _store = new RedisRateLimitStore(_connection, $"limits-{Guid.NewGuid():N}");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task TryTakeAsync_Taken_KeyExpiresAtKeepUntil()
    {
        var counter = NewCounter();
        var keepUntil = Now.AddMinutes(2);

        await Store.TryTakeAsync(counter, 1, 5, Now, keepUntil);
        var deadline = (long)await _connection.GetDatabase().ExecuteAsync("PEXPIRETIME", _store.Key(counter));

        Assert.Equal(keepUntil.ToUnixTimeMilliseconds(), deadline);
    }

    [Fact]
    public async Task TryTakeAsync_Refused_LeavesNoKey()
    {
        var counter = NewCounter();

        var refused = await Store.TryTakeAsync(counter, 6, 5, Now, Now.AddMinutes(1));

        Assert.False(refused);
        Assert.False(await _connection.GetDatabase().KeyExistsAsync(_store.Key(counter)));
    }
}
