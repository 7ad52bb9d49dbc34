using System.Net;

namespace Mailr.Tests.RateLimits;

public sealed class RateLimitStoreFailureTests
{
    [Fact]
    public async Task Request_CountersUnreachable_Returns503ForLimitedKeysOnlyAndRecordsNothing()
    {
        await using var factory = new MailrApiFactory(LimitedKeys.Settings(("rated", 10, null), ("daily", null, 10), ("free", null, null)),
            s => s.AddSingleton<IRateLimitStore>(new FailingRateLimitStore()));
        using var rated = LimitedKeys.Client(factory, "rated");
        using var daily = LimitedKeys.Client(factory, "daily");
        using var free = LimitedKeys.Client(factory, "free");

        var lookup = await LimitedKeys.LookUpAsync(rated);
        var send = await daily.PostAsync("/messages", Json.Body(LimitedKeys.Message(1)));
        var unlimited = await free.PostAsync("/messages", Json.Body(LimitedKeys.Message(1)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, lookup.StatusCode);
        Assert.NotNull(lookup.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, send.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unlimited.StatusCode);
        Assert.Equal(1, factory.Recorder.AcceptedCount);
    }
}
