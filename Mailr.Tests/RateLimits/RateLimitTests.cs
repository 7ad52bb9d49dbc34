using System.Net;

namespace Mailr.Tests.RateLimits;

[Collection(RateLimitCollection.Name)]
public sealed class RateLimitTests(RateLimitFixture fixture)
{
    [Fact]
    public async Task Request_OverRequestsPerSecond_Returns429WithRetryAfterAndMessage()
    {
        using var client = LimitedKeys.Client(fixture.Factory, "burst");

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add((await LimitedKeys.LookUpAsync(client)).StatusCode);
        }

        var refused = await LimitedKeys.LookUpAsync(client);
        var body = await Json.ReadAsync(refused);

        Assert.All(allowed, s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/json; charset=utf-8", refused.Content.Headers.ContentType?.ToString());
        Assert.Contains("3 requests per second", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Request_OtherKeyOverItsLimit_NotCountedForThisKey()
    {
        using var other = LimitedKeys.Client(fixture.Factory, "noisy");
        using var client = LimitedKeys.Client(fixture.Factory, "calm");
        for (var i = 0; i < 5; i++)
        {
            await LimitedKeys.LookUpAsync(other);
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await LimitedKeys.LookUpAsync(client)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await LimitedKeys.LookUpAsync(other)).StatusCode);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NotFound, s));
    }

    [Fact]
    public async Task Send_OverRequestsPerSecond_RecordsNothing()
    {
        using var client = LimitedKeys.Client(fixture.Factory, "sender");
        var first = await client.PostAsync("/messages", Json.Body(LimitedKeys.Message(1)));
        var second = await client.PostAsync("/messages", Json.Body(LimitedKeys.Message(1)));
        var accepted = fixture.Factory.Recorder.AcceptedCount;

        var third = await client.PostAsync("/messages", Json.Body(LimitedKeys.Message(1)));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { first.StatusCode, second.StatusCode });
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(accepted, fixture.Factory.Recorder.AcceptedCount);
    }

    [Fact]
    public async Task Request_KeyWithoutLimits_NeverRefused()
    {
        using var client = LimitedKeys.Client(fixture.Factory, "free");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            statuses.Add((await LimitedKeys.LookUpAsync(client)).StatusCode);
        }

        var send = await client.PostAsync("/messages", Json.Body(LimitedKeys.Message(50)));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.Accepted, send.StatusCode);
    }

    [Fact]
    public async Task Request_SpellingsOfOneKey_ShareOneCountAndOtherCasesAre401()
    {
        var key = LimitedKeys.Secret("spelled");
        string[] spellings = ["Bearer " + key, "bearer " + key, "  BEARER   " + key + "  ", "Bearer\t" + key];
        using var client = fixture.Factory.CreateClient();

        var otherCase = await SendAsync(client, "Bearer " + key.ToUpperInvariant());
        var padded = await SendAsync(client, "Bearer  " + key.Insert(3, " "));
        var statuses = new List<HttpStatusCode>();
        foreach (var spelling in spellings)
        {
            statuses.Add((await SendAsync(client, spelling)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, otherCase.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, padded.StatusCode);
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Send_RecipientsOverDailyBudget_Returns429UntilMidnightAndRecordsNothing()
    {
        using var client = LimitedKeys.Client(fixture.Factory, "quota");
        var first = await client.PostAsync("/messages", Json.Body(LimitedKeys.Message(3)));
        var accepted = fixture.Factory.Recorder.AcceptedCount;

        var over = await client.PostAsync("/messages", Json.Body(LimitedKeys.Message(3)));
        var body = await Json.ReadAsync(over);
        var afterRefusal = fixture.Factory.Recorder.AcceptedCount;
        var rest = await client.PostAsync("/messages", Json.Body(LimitedKeys.Message(2)));
        var none = await client.PostAsync("/messages", Json.Body(LimitedKeys.Message(1)));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(14 * 3600), over.Headers.RetryAfter?.Delta);
        Assert.Contains("5 recipients per day", body.GetProperty("message").GetString());
        Assert.Equal(accepted, afterRefusal);
        Assert.Equal(HttpStatusCode.Accepted, rest.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, none.StatusCode);
    }

    [Fact]
    public async Task Send_IdempotentReplay_CountsRecipientsOnce()
    {
        using var client = LimitedKeys.Client(fixture.Factory, "replay");

        var first = await client.SendAsync(Post(LimitedKeys.Message(3), idempotencyKey: "order-1"));
        var replay = await client.SendAsync(Post(LimitedKeys.Message(3), idempotencyKey: "order-1"));
        var another = await client.SendAsync(Post(LimitedKeys.Message(1), idempotencyKey: "order-2"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.TooManyRequests, another.StatusCode);
    }

    [Fact]
    public async Task Send_OverDailyBudgetWithIdempotencyKey_LeavesTheKeyFree()
    {
        using var client = LimitedKeys.Client(fixture.Factory, "released");

        var over = await client.SendAsync(Post(LimitedKeys.Message(3), idempotencyKey: "big"));
        var again = await client.SendAsync(Post(LimitedKeys.Message(3), idempotencyKey: "big"));
        var other = await client.SendAsync(Post(LimitedKeys.Message(2), idempotencyKey: "small"));

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Contains("never can be", (await Json.ReadAsync(again)).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/messages/{MessageId.New()}");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return client.SendAsync(request);
    }

    private static HttpRequestMessage Post(object message, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/messages") { Content = Json.Body(message) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }
}
