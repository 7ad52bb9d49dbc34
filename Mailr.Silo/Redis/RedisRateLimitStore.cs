using Mailr.Api.RateLimits;
using StackExchange.Redis;

namespace Mailr.Silo.Redis;

/// <summary>
/// Rate-limit counters in Redis, so every silo counts against the same number: one string <c>{service}:rl:{counter}</c> per
/// counter. A take is one script (check, then <c>INCRBY</c>, so two silos can never both pass the last permit); the key
/// expires at <c>keepUntil</c> (<c>PEXPIREAT</c>).
/// </summary>
public sealed class RedisRateLimitStore(IConnectionMultiplexer redis, string serviceId) : IRateLimitStore
{
    private const string TakeScript = """
        local n = tonumber(redis.call('GET', KEYS[1]) or '0')
        local amount = tonumber(ARGV[1])
        if n + amount > tonumber(ARGV[2]) then return 0 end
        redis.call('INCRBY', KEYS[1], amount)
        redis.call('PEXPIREAT', KEYS[1], ARGV[3])
        return 1
        """;

    private const string ReturnScript = """
        local n = tonumber(redis.call('GET', KEYS[1]) or '0')
        if n <= 0 then return 0 end
        return redis.call('DECRBY', KEYS[1], math.min(n, tonumber(ARGV[1])))
        """;

    private readonly IDatabase _db = redis.GetDatabase();

    public async Task<bool> TryTakeAsync(string counter, long amount, long limit, DateTimeOffset now, DateTimeOffset keepUntil) =>
        (long)await _db.ScriptEvaluateAsync(TakeScript, [Key(counter)], [amount, limit, keepUntil.ToUnixTimeMilliseconds()]) == 1;

    public Task ReturnAsync(string counter, long amount) => _db.ScriptEvaluateAsync(ReturnScript, [Key(counter)], [amount]);

    /// <summary>The Redis key of a counter (public for tests).</summary>
    public RedisKey Key(string counter) => $"{serviceId}:rl:{counter}";
}
