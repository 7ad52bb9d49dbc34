using Xunit.Abstractions;

namespace Mailr.Tests.Idempotency;

[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisIdempotencyRaceTests(RedisServerFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task Post_FiftyConcurrentWithOneKeyInRedisMode_OneMessageOneSend()
    {
        var calls = new CallLog();
        await using var factory = new MailrApiFactory(RedisServer.SiloSettings(redis.ConnectionString),
            s => s.AddSingleton(IdempotencyConcurrencyTests.Providers(calls)));

        await IdempotencyRace.RunAsync(factory, calls, output);
    }
}
