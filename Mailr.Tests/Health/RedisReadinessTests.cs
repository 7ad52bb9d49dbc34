using System.Net;

namespace Mailr.Tests.Health;

[Trait("Category", "Processes")]
public sealed class RedisReadinessTests
{
    [Fact]
    public async Task Ready_RedisModeThenRedisKilled_200Then503WhileLiveStays200()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var factory = new MailrApiFactory(RedisServer.SiloSettings(redis.ConnectionString));
        var client = factory.CreateClient();

        var up = await client.GetAsync("/health/ready");
        var upBody = await Json.ReadAsync(up);
        await redis.KillAsync();
        var down = await client.GetAsync("/health/ready");
        var downBody = await Json.ReadAsync(down);
        var live = await client.GetAsync("/health/live");
        await redis.StartAsync();

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.StartsWith("Redis answered PING in ", upBody.GetProperty("checks").GetProperty("storage").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Redis (the message store) did not answer PING", downBody.GetProperty("checks").GetProperty("storage").GetProperty("description").GetString());
        Assert.DoesNotContain(redis.Port.ToString(), await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
