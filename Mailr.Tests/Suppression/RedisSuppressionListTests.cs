using Mailr.Grains.Suppression;
using Mailr.Silo.Redis;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Mailr.Tests.Suppression;

[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisSuppressionListTests(RedisServerFixture redis) : SuppressionListContractTests, IAsyncLifetime
{
    private IConnectionMultiplexer _connection = null!;
    private RedisSuppressionList _list = null!;

    protected override ISuppressionList List => _list;

    public Task InitializeAsync()
    {
        _connection = RedisMessageStoreConnection.Connect(redis.ConnectionString);
        _list = new RedisSuppressionList(_connection, $"suppr-{Guid.NewGuid():N}");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task AddAsync_NamedAndOpenOwners_KeysNeverExpireAndShareTheOwnersSlot()
    {
        var owner = NewOwner();

        await List.AddAsync(owner, new SuppressionEntry("jay@example.com", SuppressionReason.Bounced, Now));
        await List.AddAsync("", new SuppressionEntry("jay@example.com", SuppressionReason.Bounced, Now));
        RedisKey[] keys = [_list.EntriesKey(owner), _list.OrderKey(owner), _list.EntriesKey(""), _list.OrderKey("")];
        var ttls = await Task.WhenAll(keys.Select(k => _connection.GetDatabase().ExecuteAsync("PTTL", k)));

        Assert.All(ttls, t => Assert.Equal(-1L, (long)t));
        Assert.Equal(4, keys.Distinct().Count());
        Assert.Equal(_connection.HashSlot(keys[0]), _connection.HashSlot(keys[1]));
        Assert.Equal(_connection.HashSlot(keys[2]), _connection.HashSlot(keys[3]));
        Assert.EndsWith(":suppr:{owner:}", keys[2].ToString());
    }

    [Fact]
    public async Task AddAsync_Entry_HashValueIsReasonLetterAndMillisecondsAndOrderMemberIsPosition()
    {
        var owner = NewOwner();

        await List.AddAsync(owner, new SuppressionEntry("Jay@Example.com", SuppressionReason.Complained, Now));
        var value = await _connection.GetDatabase().HashGetAsync(_list.EntriesKey(owner), "jay@example.com");
        var members = await _connection.GetDatabase().SortedSetRangeByRankWithScoresAsync(_list.OrderKey(owner));

        Assert.Equal($"c{Now.ToUnixTimeMilliseconds():D13}", value.ToString());
        Assert.Equal([($"{Now.ToUnixTimeMilliseconds():D13}:jay@example.com", 0d)], members.Select(m => (m.Element.ToString(), m.Score)));
    }

    [Fact]
    public async Task FindAsync_ThousandAddresses_OneHmgetRoundTrip()
    {
        var owner = NewOwner();
        await List.AddAsync(owner, new SuppressionEntry("user7@example.com", SuppressionReason.Bounced, Now));
        var emails = Enumerable.Range(0, 1000).Select(i => $"user{i}@example.com").ToList();
        await using var probe = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = probe.GetServer(probe.GetEndPoints()[0]);
        var session = new ProfilingSession();
        _connection.RegisterProfiler(() => session);
        await server.ConfigResetStatisticsAsync();

        var found = await List.FindAsync(owner, emails);
        var sent = session.FinishProfiling().Select(c => c.Command).ToList();
        var stats = (await server.InfoAsync("commandstats")).SelectMany(g => g).ToDictionary(s => s.Key, s => s.Value);

        Assert.Equal(["user7@example.com"], found.Keys);
        Assert.Equal(["HMGET"], sent);
        Assert.StartsWith("calls=1,", stats["cmdstat_hmget"]);
        Assert.DoesNotContain(stats.Keys, k => k is "cmdstat_hget" or "cmdstat_eval" or "cmdstat_evalsha");
    }
}
