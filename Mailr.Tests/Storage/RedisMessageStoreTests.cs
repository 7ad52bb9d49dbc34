using Mailr.Grains.Scheduling;
using Mailr.Silo.Redis;
using StackExchange.Redis;

namespace Mailr.Tests.Storage;

[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisMessageStoreTests(RedisServerFixture redis) : MessageStoreContractTests, IAsyncLifetime
{
    private readonly string _serviceId = $"store-{Guid.NewGuid():N}";
    private IConnectionMultiplexer _connection = null!;
    private RedisMessageStore _store = null!;

    protected override IMessageStore Store => _store;

    private IDatabase Database => _connection.GetDatabase();

    public Task InitializeAsync()
    {
        _connection = RedisMessageStoreConnection.Connect(redis.ConnectionString);
        _store = new RedisMessageStore(_connection, _serviceId);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task CreateAsync_NewId_KeyDeadlineIsExpiryPlusGrace()
    {
        var id = NewId();
        var (state, content) = NewMessage();

        await Store.CreateAsync(id, content, state, Now);
        var deadline = await PExpireTimeAsync(id);

        Assert.Equal((state.ExpiresAt + MessagePartitions.ExpiryGrace).ToUnixTimeMilliseconds(), deadline);
    }

    [Fact]
    public async Task UpdateAsync_ExistingId_KeepsKeyDeadline()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);
        var later = StoredStates.Copy(state);
        later.ExpiresAt += TimeSpan.FromDays(7);

        await Store.UpdateAsync(id, 1, later, Now + TimeSpan.FromMinutes(1), dropContent: false);
        await Store.UpdateAsync(id, 2, Sent(state), dueAt: null, dropContent: true);
        var deadline = await PExpireTimeAsync(id);

        Assert.Equal((state.ExpiresAt + MessagePartitions.ExpiryGrace).ToUnixTimeMilliseconds(), deadline);
    }

    [Fact]
    public async Task SetDueAsync_ExistingId_KeepsKeyDeadline()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        await Store.SetDueAsync(id, Now + TimeSpan.FromMinutes(1));
        await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromMinutes(1), ClaimFor, 10);
        var deadline = await PExpireTimeAsync(id);

        Assert.Equal((state.ExpiresAt + MessagePartitions.ExpiryGrace).ToUnixTimeMilliseconds(), deadline);
    }

    [Fact]
    public async Task CreateAsync_NewId_WritesHashAndDueEntryUnderPartitionHashTag()
    {
        var id = NewId();
        var p = Partition(id);
        var dueAt = Now + TimeSpan.FromSeconds(42);
        var (state, content) = NewMessage();

        await Store.CreateAsync(id, content, state, dueAt);
        var messageKey = _store.MessageKey(p, id);
        var dueKey = _store.DueKey(p);
        var fields = await Database.HashGetAllAsync(messageKey);
        var score = await Database.SortedSetScoreAsync(dueKey, id);

        Assert.Equal($"{_serviceId}:{{{p}}}:m:{id}", messageKey.ToString());
        Assert.Equal($"{_serviceId}:{{{p}}}:due", dueKey.ToString());
        Assert.Equal(_connection.HashSlot($"{{{p}}}"), _connection.HashSlot(messageKey));
        Assert.Equal(_connection.HashSlot(messageKey), _connection.HashSlot(dueKey));
        Assert.Equal(["c", "s", "v"], fields.Select(f => f.Name.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal("1", fields.Single(f => f.Name == "v").Value.ToString());
        Assert.Equal(Json(state), fields.Single(f => f.Name == "s").Value.ToString());
        Assert.Equal(dueAt.ToUnixTimeMilliseconds(), score);
    }

    [Fact]
    public async Task UpdateAsync_DropContent_HashKeepsOnlyStateAndVersion()
    {
        var id = NewId();
        var (state, content) = NewMessage();
        await Store.CreateAsync(id, content, state, Now);

        await Store.UpdateAsync(id, 1, Sent(state), dueAt: null, dropContent: true);
        var fields = await Database.HashGetAllAsync(_store.MessageKey(Partition(id), id));

        Assert.Equal(["s", "v"], fields.Select(f => f.Name.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal("2", fields.Single(f => f.Name == "v").Value.ToString());
    }

    [Fact]
    public async Task UpdateAsync_UnknownId_WritesNoKey()
    {
        var id = NewId();
        var (state, _) = NewMessage();

        await Assert.ThrowsAsync<MessageConflictException>(() => Store.UpdateAsync(id, 1, state, Now, dropContent: false));

        Assert.False(await Database.KeyExistsAsync(_store.MessageKey(Partition(id), id)));
        Assert.False(await Database.KeyExistsAsync(_store.DueKey(Partition(id))));
    }

    [Fact]
    public async Task DeleteAsync_ExistingId_RemovesKeyAndDueMember()
    {
        var id = NewId();
        await CreateAsync(id, Now);

        await Store.DeleteAsync(id);

        Assert.False(await Database.KeyExistsAsync(_store.MessageKey(Partition(id), id)));
        Assert.Null(await Database.SortedSetScoreAsync(_store.DueKey(Partition(id)), id));
    }

    [Fact]
    public async Task ClaimDueAsync_ClaimedId_ScoreIsNowPlusClaimFor()
    {
        var id = NewId();
        await CreateAsync(id, Now);

        await Store.ClaimDueAsync(Partition(id), Now + TimeSpan.FromSeconds(1), ClaimFor, 10);
        var score = await Database.SortedSetScoreAsync(_store.DueKey(Partition(id)), id);

        Assert.Equal((Now + TimeSpan.FromSeconds(1) + ClaimFor).ToUnixTimeMilliseconds(), score);
    }

    private async Task<long> PExpireTimeAsync(string id) =>
        (long)await Database.ExecuteAsync("PEXPIRETIME", _store.MessageKey(Partition(id), id));
}
