using Mailr.Grains.Messages;
using Mailr.Grains.Scheduling;
using Mailr.Grains.Storage;
using StackExchange.Redis;

namespace Mailr.Silo.Redis;

/// <summary>
/// Messages in Redis, one hash per message and one sorted set per partition, each step one script
/// (one round trip, atomic). Keys carry the partition as a hash tag, so a message and its
/// partition's due index live in one slot on Redis Cluster too:
/// <list type="bullet">
/// <item><c>{service}:{p}:m:{id}</c>: a hash with <c>c</c> (the content, written once, deleted when the
/// message is finished), <c>s</c> (the progress) and <c>v</c> (its version). It expires at the absolute
/// time set at acceptance (<c>PEXPIREAT</c>); later writes never touch it.</item>
/// <item><c>{service}:{p}:due</c>: the unfinished messages of partition p, scored by due time in Unix ms.</item>
/// </list>
/// </summary>
public sealed class RedisMessageStore(IConnectionMultiplexer redis, string serviceId) : IMessageStore
{
    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'c', ARGV[1], 's', ARGV[2], 'v', 1)
        redis.call('PEXPIREAT', KEYS[1], ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
        return 1
        """;

    // HSET keeps the key's expiry; a record that is gone has no version, so it can never be re-created without one.
    private const string UpdateScript = """
        local v = redis.call('HGET', KEYS[1], 'v')
        if v ~= ARGV[1] then return -1 end
        local next = tonumber(v) + 1
        redis.call('HSET', KEYS[1], 's', ARGV[2], 'v', next)
        if ARGV[4] == '1' then redis.call('HDEL', KEYS[1], 'c') end
        if ARGV[3] == '' then redis.call('ZREM', KEYS[2], ARGV[5]) else redis.call('ZADD', KEYS[2], ARGV[3], ARGV[5]) end
        return next
        """;

    private const string ClaimScript = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
        for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], id) end
        return ids
        """;

    private const string SetDueScript = """
        if ARGV[1] == '' or redis.call('EXISTS', KEYS[1]) == 0 then return redis.call('ZREM', KEYS[2], ARGV[2]) end
        return redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
        """;

    private static readonly RedisValue[] s_withContent = ["s", "v", "c"];
    private static readonly RedisValue[] s_withoutContent = ["s", "v"];

    private readonly IDatabase _db = redis.GetDatabase();

    public async Task<bool> CreateAsync(string id, MessageContent content, MessageState state, DateTimeOffset dueAt)
    {
        var p = MessagePartitions.Of(id);
        var deadline = (state.ExpiresAt + MessagePartitions.ExpiryGrace).ToUnixTimeMilliseconds();
        var created = await _db.ScriptEvaluateAsync(CreateScript, [MessageKey(p, id), DueKey(p)],
            [MessageJson.Serialize(content), MessageJson.Serialize(state), deadline, dueAt.ToUnixTimeMilliseconds(), id]);
        return (int)created == 1;
    }

    public async Task<StoredMessage?> ReadAsync(string id, bool withContent)
    {
        var fields = await _db.HashGetAsync(MessageKey(MessagePartitions.Of(id), id), withContent ? s_withContent : s_withoutContent);
        if (fields[0].IsNull || fields[1].IsNull)
        {
            return null;
        }

        var content = withContent && !fields[2].IsNull ? MessageJson.ReadContent((byte[])fields[2]!) : null;
        return new StoredMessage(MessageJson.ReadState((byte[])fields[0]!), content, (long)fields[1]);
    }

    public async Task<long> UpdateAsync(string id, long expectedVersion, MessageState state, DateTimeOffset? dueAt, bool dropContent)
    {
        var p = MessagePartitions.Of(id);
        var version = (long)await _db.ScriptEvaluateAsync(UpdateScript, [MessageKey(p, id), DueKey(p)],
            [expectedVersion, MessageJson.Serialize(state), Due(dueAt), dropContent ? "1" : "0", id]);
        return version > 0 ? version : throw new MessageConflictException(id);
    }

    public Task SetDueAsync(string id, DateTimeOffset? dueAt)
    {
        var p = MessagePartitions.Of(id);
        return _db.ScriptEvaluateAsync(SetDueScript, [MessageKey(p, id), DueKey(p)], [Due(dueAt), id]);
    }

    public async Task<IReadOnlyList<string>> ClaimDueAsync(int partition, DateTimeOffset now, TimeSpan claimFor, int max)
    {
        var claimed = await _db.ScriptEvaluateAsync(ClaimScript, [DueKey(partition)],
            [now.ToUnixTimeMilliseconds(), (now + claimFor).ToUnixTimeMilliseconds(), max]);
        return [.. ((RedisValue[])claimed!).Select(v => v.ToString())];
    }

    public Task RenewAsync(IReadOnlyCollection<string> ids, DateTimeOffset until)
    {
        var score = until.ToUnixTimeMilliseconds();
        return Task.WhenAll(ids.GroupBy(MessagePartitions.Of).Select(p =>
            _db.SortedSetAddAsync(DueKey(p.Key), [.. p.Select(id => new SortedSetEntry(id, score))], SortedSetWhen.Exists)));
    }

    public async Task DeleteAsync(string id)
    {
        var p = MessagePartitions.Of(id);
        var batch = _db.CreateTransaction();
        _ = batch.KeyDeleteAsync(MessageKey(p, id));
        _ = batch.SortedSetRemoveAsync(DueKey(p), id);
        await batch.ExecuteAsync();
    }

    /// <summary>The key of a message's hash (public for tests and the benchmark's fill).</summary>
    public RedisKey MessageKey(int partition, string id) => $"{serviceId}:{{{partition}}}:m:{id}";

    public RedisKey DueKey(int partition) => $"{serviceId}:{{{partition}}}:due";

    private static RedisValue Due(DateTimeOffset? at) => at is { } due ? due.ToUnixTimeMilliseconds() : RedisValue.EmptyString;
}
