using Mailr.Grains.Scheduling;
using Mailr.Silo.Redis;
using StackExchange.Redis;

namespace Mailr.Tests.Idempotency;

[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisIdempotencyStoreTests(RedisServerFixture redis) : IdempotencyStoreContractTests, IAsyncLifetime
{
    private IConnectionMultiplexer _connection = null!;
    private RedisIdempotencyStore _store = null!;

    protected override IIdempotencyStore Store => _store;

    public Task InitializeAsync()
    {
        _connection = RedisMessageStoreConnection.Connect(redis.ConnectionString);
        _store = new RedisIdempotencyStore(_connection, $"idem-{Guid.NewGuid():N}");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task ClaimAsync_NewKey_RedisKeyDeadlineIsExpiryPlusGrace()
    {
        var key = NewKey();
        var entry = NewEntry();

        await Store.ClaimAsync(key, entry, Now, Now + Lease);

        Assert.Equal((entry.ExpiresAt + MessagePartitions.ExpiryGrace).ToUnixTimeMilliseconds(), await PExpireTimeAsync(key));
    }

    [Fact]
    public async Task CompleteAsync_RedisKeyLost_RecreatesDoneWithDeadline()
    {
        var key = NewKey();
        var entry = NewEntry();
        await Store.ClaimAsync(key, entry, Now, Now + Lease);
        await _connection.GetDatabase().KeyDeleteAsync(_store.Key(key));

        await Store.CompleteAsync(key, entry);
        var claim = await Store.ClaimAsync(key, Retry(entry), Now, Now + Lease);

        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Done, entry.MessageId), claim);
        Assert.Equal((entry.ExpiresAt + MessagePartitions.ExpiryGrace).ToUnixTimeMilliseconds(), await PExpireTimeAsync(key));
    }

    [Fact]
    public async Task ReleaseAsync_PendingClaim_KeepsRedisKeyDeadline()
    {
        var key = NewKey();
        var entry = NewEntry();
        await Store.ClaimAsync(key, entry, Now, Now + Lease);

        await Store.ReleaseAsync(key, entry.MessageId);

        Assert.Equal((entry.ExpiresAt + MessagePartitions.ExpiryGrace).ToUnixTimeMilliseconds(), await PExpireTimeAsync(key));
    }

    [Fact]
    public async Task ClaimAsync_AfterExpiresAt_NewDeadlineForNewEntry()
    {
        var key = NewKey();
        var first = NewEntry(expiresAt: Now + TimeSpan.FromMinutes(1));
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        await Store.CompleteAsync(key, first);
        var second = NewEntry();

        await Store.ClaimAsync(key, second, first.ExpiresAt, first.ExpiresAt + Lease);

        Assert.Equal((second.ExpiresAt + MessagePartitions.ExpiryGrace).ToUnixTimeMilliseconds(), await PExpireTimeAsync(key));
    }

    [Fact]
    public async Task ClaimAsync_TakeoverWithLaterExpiry_MovesRedisKeyDeadline()
    {
        var key = NewKey();
        var first = NewEntry();
        await Store.ClaimAsync(key, first, Now, Now + Lease);
        var retry = first with { MessageId = MessageId.New(), ExpiresAt = first.ExpiresAt + TimeSpan.FromHours(1) };

        await Store.ClaimAsync(key, retry, Now + Lease, Now + Lease + Lease);

        Assert.Equal((retry.ExpiresAt + MessagePartitions.ExpiryGrace).ToUnixTimeMilliseconds(), await PExpireTimeAsync(key));
    }

    [Fact]
    public async Task ClaimAsync_KeyPastRedisDeadline_Gone()
    {
        var key = NewKey();
        var entry = NewEntry(expiresAt: Now - MessagePartitions.ExpiryGrace - TimeSpan.FromSeconds(1));

        await Store.ClaimAsync(key, entry, Now - TimeSpan.FromDays(1), Now - TimeSpan.FromDays(1) + Lease);

        Assert.False(await _connection.GetDatabase().KeyExistsAsync(_store.Key(key)));
    }

    private async Task<long> PExpireTimeAsync(string key) =>
        (long)await _connection.GetDatabase().ExecuteAsync("PEXPIRETIME", _store.Key(key));
}
