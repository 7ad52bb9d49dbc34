using Mailr.Grains.ProviderHealth;
using StackExchange.Redis;

namespace Mailr.Silo.Redis;

/// <summary>
/// Operators' disables in Redis: one hash <c>{service}:providers:disabled</c>, a field per disabled provider whose
/// value is when it was disabled (Unix ms). It has no expiry: a disable lasts until an operator enables the provider.
/// </summary>
public sealed class RedisProviderHealthStore(IConnectionMultiplexer redis, string serviceId) : IProviderHealthStore
{
    private readonly IDatabase _db = redis.GetDatabase();

    public string Key { get; } = $"{serviceId}:providers:disabled";

    public async Task<DateTimeOffset?> GetDisabledAsync(string provider) =>
        await _db.HashGetAsync(Key, provider) is { HasValue: true } value ? DateTimeOffset.FromUnixTimeMilliseconds((long)value) : null;

    public Task SetDisabledAsync(string provider, DateTimeOffset? since) =>
        since is { } value ? _db.HashSetAsync(Key, provider, value.ToUnixTimeMilliseconds()) : _db.HashDeleteAsync(Key, provider);
}
