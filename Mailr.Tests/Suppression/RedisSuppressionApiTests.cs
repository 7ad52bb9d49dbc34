using System.Net;
using Mailr.Grains.Suppression;
using Mailr.Silo.Redis;
using StackExchange.Redis;

namespace Mailr.Tests.Suppression;

[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisSuppressionApiTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Put_RedisMode_EntryInTheServicesRedisHashAndSeenByAnotherSilo()
    {
        var settings = RedisServer.SiloSettings(redis.ConnectionString);
        await using var siloA = new MailrApiFactory(settings);
        await using var siloB = new MailrApiFactory(settings);
        using var clientA = siloA.CreateClient();
        using var clientB = siloB.CreateClient();

        var put = await clientA.PutAsync("/suppressions/Jay%40Example.com", null);
        var seenByB = await clientB.GetAsync("/suppressions/jay%40example.com");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var stored = await connection.GetDatabase().HashGetAsync($"{settings["Orleans:ServiceId"]}:suppr:{{owner:}}", "jay@example.com");

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seenByB.StatusCode);
        Assert.StartsWith("m", stored.ToString());
        Assert.IsType<RedisSuppressionList>(siloA.Services.GetRequiredService<ISuppressionList>());
    }
}
