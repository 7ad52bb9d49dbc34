using Mailr.Api.Idempotency;
using Mailr.Grains.Scheduling;
using StackExchange.Redis;

namespace Mailr.Silo.Redis;

/// <summary>
/// Idempotency-Keys in Redis: one hash <c>{service}:i:{key}</c> per key with <c>f</c> (fingerprint), <c>i</c> (message id),
/// <c>s</c> (<c>p</c> pending, <c>d</c> done), <c>l</c> (lease end) and <c>e</c> (when it stops counting), all times in Unix ms.
/// Each step is one script; the key expires at <c>e</c> + <see cref="MessagePartitions.ExpiryGrace"/> (<c>PEXPIREAT</c>), as its message does
/// (a takeover moves <c>e</c> later, since the message may only be recorded then).
/// </summary>
public sealed class RedisIdempotencyStore(IConnectionMultiplexer redis, string serviceId) : IIdempotencyStore
{
    private const string ClaimScript = """
        local r = redis.call('HMGET', KEYS[1], 'f', 'i', 's', 'l', 'e')
        if r[1] and tonumber(r[5]) > tonumber(ARGV[3]) then
          if r[1] ~= ARGV[1] then return {'m', r[2]} end
          if r[3] == 'd' then return {'d', r[2]} end
          if tonumber(r[4]) > tonumber(ARGV[3]) then return {'p', r[2]} end
          redis.call('HSET', KEYS[1], 'l', ARGV[4])
          if tonumber(ARGV[5]) > tonumber(r[5]) then
            redis.call('HSET', KEYS[1], 'e', ARGV[5])
            redis.call('PEXPIREAT', KEYS[1], ARGV[6])
          end
          return {'c', r[2]}
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'f', ARGV[1], 'i', ARGV[2], 's', 'p', 'l', ARGV[4], 'e', ARGV[5])
        redis.call('PEXPIREAT', KEYS[1], ARGV[6])
        return {'c', ARGV[2]}
        """;

    private const string CompleteScript = """
        local id = redis.call('HGET', KEYS[1], 'i')
        if id == ARGV[2] then return redis.call('HSET', KEYS[1], 's', 'd') end
        if id then return 0 end
        redis.call('HSET', KEYS[1], 'f', ARGV[1], 'i', ARGV[2], 's', 'd', 'l', 0, 'e', ARGV[3])
        return redis.call('PEXPIREAT', KEYS[1], ARGV[4])
        """;

    private const string ReleaseScript = """
        local r = redis.call('HMGET', KEYS[1], 'i', 's')
        if r[1] == ARGV[1] and r[2] == 'p' then return redis.call('HSET', KEYS[1], 'l', 0) end
        return 0
        """;

    private readonly IDatabase _db = redis.GetDatabase();

    public async Task<IdempotencyClaim> ClaimAsync(string key, IdempotencyEntry entry, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        var answer = (RedisValue[])(await _db.ScriptEvaluateAsync(ClaimScript, [Key(key)],
            [entry.Fingerprint, entry.MessageId, now.ToUnixTimeMilliseconds(), leaseUntil.ToUnixTimeMilliseconds(),
             entry.ExpiresAt.ToUnixTimeMilliseconds(), Deadline(entry)]))!;
        var status = answer[0].ToString() switch
        {
            "m" => IdempotencyClaimStatus.Mismatch,
            "d" => IdempotencyClaimStatus.Done,
            "p" => IdempotencyClaimStatus.Pending,
            _ => IdempotencyClaimStatus.Claimed,
        };
        return new IdempotencyClaim(status, answer[1].ToString());
    }

    public Task CompleteAsync(string key, IdempotencyEntry entry) =>
        _db.ScriptEvaluateAsync(CompleteScript, [Key(key)],
            [entry.Fingerprint, entry.MessageId, entry.ExpiresAt.ToUnixTimeMilliseconds(), Deadline(entry)]);

    public Task ReleaseAsync(string key, string messageId) => _db.ScriptEvaluateAsync(ReleaseScript, [Key(key)], [messageId]);

    /// <summary>The Redis key of an idempotency key (public for tests).</summary>
    public RedisKey Key(string key) => $"{serviceId}:i:{key}";

    private static long Deadline(IdempotencyEntry entry) => (entry.ExpiresAt + MessagePartitions.ExpiryGrace).ToUnixTimeMilliseconds();
}
