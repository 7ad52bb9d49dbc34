using Mailr.Grains.Events;
using StackExchange.Redis;

namespace Mailr.Silo.Redis;

/// <summary>
/// Provider message ids in Redis: one string <c>{service}:pm:{provider}:{id}</c> per id, holding the Mailr message id and
/// expiring with the message's record. An add is one <c>SET … PX</c> per id and a look-up one <c>GET</c> per id, all sent
/// without waiting for each other (pipelined: one round trip), and valid on a Redis Cluster whatever slots the ids hash to.
/// </summary>
public sealed class RedisProviderMessageIndex(IConnectionMultiplexer redis, string serviceId) : IProviderMessageIndex
{
    private readonly IDatabase _db = redis.GetDatabase();

    public Task AddAsync(string provider, IReadOnlyCollection<string> keys, string messageId, DateTimeOffset until) =>
        until - DateTimeOffset.UtcNow is { Ticks: > 0 } ttl
            ? Task.WhenAll(keys.Select(k => _db.StringSetAsync(Key(provider, k), messageId, ttl)))
            : Task.CompletedTask;

    public async Task<IReadOnlyList<string?>> FindAsync(string provider, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var values = await Task.WhenAll(keys.Select(k => _db.StringGetAsync(Key(provider, k))));
        return [.. values.Select(v => v.HasValue ? v.ToString() : null)];
    }

    private RedisKey Key(string provider, string id) => $"{serviceId}:pm:{provider}:{id}";
}
