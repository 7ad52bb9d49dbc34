using Mailr.Silo.Redis;
using StackExchange.Redis;

namespace Mailr.Tests.Redis;

[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisProviderHealthStoreTests(RedisServerFixture redis) : IAsyncLifetime
{
    private static readonly DateTimeOffset Since = new(2026, 12, 2, 8, 0, 0, 123, TimeSpan.Zero);
    private readonly string _serviceId = $"health-{Guid.NewGuid():N}";
    private IConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task GetDisabledAsync_NeverDisabled_Null()
    {
        var store = new RedisProviderHealthStore(_connection, _serviceId);

        Assert.Null(await store.GetDisabledAsync("mailgun"));
    }

    [Fact]
    public async Task SetDisabledAsync_Disabled_AnotherSilosStoreSeesItWithItsTimeAndNoExpiry()
    {
        await new RedisProviderHealthStore(_connection, _serviceId).SetDisabledAsync("mailgun", Since);
        await using var other = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var store = new RedisProviderHealthStore(other, _serviceId);

        Assert.Equal(Since, await store.GetDisabledAsync("mailgun"));
        Assert.Null(await store.GetDisabledAsync("sendgrid"));
        Assert.Null(await _connection.GetDatabase().KeyTimeToLiveAsync(store.Key));
    }

    [Fact]
    public async Task SetDisabledAsync_EnabledAgain_Forgotten()
    {
        var store = new RedisProviderHealthStore(_connection, _serviceId);
        await store.SetDisabledAsync("mailgun", Since);

        await store.SetDisabledAsync("mailgun", null);

        Assert.Null(await store.GetDisabledAsync("mailgun"));
    }

    [Fact]
    public async Task SetDisabledAsync_OtherService_NotShared()
    {
        await new RedisProviderHealthStore(_connection, _serviceId).SetDisabledAsync("mailgun", Since);

        Assert.Null(await new RedisProviderHealthStore(_connection, $"{_serviceId}-other").GetDisabledAsync("mailgun"));
    }
}
