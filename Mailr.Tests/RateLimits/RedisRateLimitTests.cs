using System.Net;
using Mailr.Tests.RateLimits;

namespace Mailr.Tests.RateLimits;

/// <summary>Two silos of one cluster on one Redis, with one clock that stands still: a key's limits are counted once for both.</summary>
[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisRateLimitTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Request_SplitAcrossTwoSilos_SharesOneRequestsPerSecond()
    {
        var (siloA, siloB) = Silos(("shared", 4, null));
        await using var _ = siloA;
        await using var __ = siloB;
        using var clientA = LimitedKeys.Client(siloA, "shared");
        using var clientB = LimitedKeys.Client(siloB, "shared");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await LimitedKeys.LookUpAsync(clientA)).StatusCode);
            statuses.Add((await LimitedKeys.LookUpAsync(clientB)).StatusCode);
        }

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            statuses);
    }

    [Fact]
    public async Task Send_SplitAcrossTwoSilos_SharesOneRecipientsPerDay()
    {
        var (siloA, siloB) = Silos(("daily", null, 3));
        await using var _ = siloA;
        await using var __ = siloB;
        using var clientA = LimitedKeys.Client(siloA, "daily");
        using var clientB = LimitedKeys.Client(siloB, "daily");

        var onA = await clientA.PostAsync("/messages", Json.Body(LimitedKeys.Message(2)));
        var onB = await clientB.PostAsync("/messages", Json.Body(LimitedKeys.Message(2)));
        var recorded = siloA.Recorder.AcceptedCount + siloB.Recorder.AcceptedCount;
        var restOnB = await clientB.PostAsync("/messages", Json.Body(LimitedKeys.Message(1)));

        Assert.Equal(HttpStatusCode.Accepted, onA.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, onB.StatusCode);
        Assert.Equal(1, recorded);
        Assert.Equal(HttpStatusCode.Accepted, restOnB.StatusCode);
    }

    private (MailrApiFactory A, MailrApiFactory B) Silos(params (string Name, int? PerSecond, int? PerDay)[] keys)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = RedisServer.SiloSettings(redis.ConnectionString);
        foreach (var (key, value) in LimitedKeys.Settings(keys))
        {
            settings[key] = value;
        }

        void Services(IServiceCollection s) => s.AddKeyedSingleton<TimeProvider>(GrainNames.Clock, clock);
        return (new MailrApiFactory(settings, Services), new MailrApiFactory(settings, Services));
    }
}
