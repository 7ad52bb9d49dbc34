using System.Net;
using Mailr.Api.Idempotency;
using Mailr.Api.Messages;

namespace Mailr.Tests.Idempotency;

public sealed class IdempotencyRetentionTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(2);

    [Fact]
    public async Task Post_SameKeyAcrossRetention_ReplaysUntilMessageExpiresThenNewMessage()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new MailrApiFactory(new Dictionary<string, string?> { ["Mailr:Retention"] = Retention.ToString() },
            s => s.AddKeyedSingleton<TimeProvider>(GrainNames.Clock, clock));
        using var client = factory.CreateClient();
        var key = $"retained-{Guid.NewGuid():N}";
        var first = await IdempotencyConcurrencyTests.PostAsync(client, IdempotencyConcurrencyTests.Body, key);
        var id = Json.IdOf(first.Body);
        await factory.Recorder.WaitFinishedAsync(id);

        clock.Advance(Retention - TimeSpan.FromMilliseconds(1));
        var lastReplay = await IdempotencyConcurrencyTests.PostAsync(client, IdempotencyConcurrencyTests.Body, key);
        var lastStatus = await StatusAsync(client, id);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var expiredStatus = await StatusAsync(client, id);
        var after = await IdempotencyConcurrencyTests.PostAsync(client, IdempotencyConcurrencyTests.Body, key);
        var newId = Json.IdOf(after.Body);
        await factory.Recorder.WaitFinishedAsync(newId);
        var replayOfNew = await IdempotencyConcurrencyTests.PostAsync(client, IdempotencyConcurrencyTests.Body, key);

        Assert.Equal(id, Json.IdOf(lastReplay.Body));
        Assert.Equal(["true"], lastReplay.Response.Headers.GetValues(MessageAcceptance.ReplayedHeader));
        Assert.Equal(HttpStatusCode.OK, lastStatus);
        Assert.Equal(HttpStatusCode.NotFound, expiredStatus);
        Assert.Equal(HttpStatusCode.Accepted, after.Response.StatusCode);
        Assert.NotEqual(id, newId);
        Assert.False(after.Response.Headers.Contains(MessageAcceptance.ReplayedHeader));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, newId));
        Assert.Equal(newId, Json.IdOf(replayOfNew.Body));
        Assert.Equal(2, factory.Recorder.AcceptedCount);
    }

    [Fact]
    public async Task Post_DifferentBodyAfterMessageExpired_AcceptedAsNewMessage()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new MailrApiFactory(new Dictionary<string, string?> { ["Mailr:Retention"] = Retention.ToString() },
            s => s.AddKeyedSingleton<TimeProvider>(GrainNames.Clock, clock));
        using var client = factory.CreateClient();
        var key = $"reused-{Guid.NewGuid():N}";
        var other = IdempotencyConcurrencyTests.Body.Replace("Once", "Again");
        await IdempotencyConcurrencyTests.PostAsync(client, IdempotencyConcurrencyTests.Body, key);

        var before = await IdempotencyConcurrencyTests.PostAsync(client, other, key);
        clock.Advance(Retention);
        var after = await IdempotencyConcurrencyTests.PostAsync(client, other, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, before.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, after.Response.StatusCode);
        Assert.False(after.Response.Headers.Contains(MessageAcceptance.ReplayedHeader));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string id) =>
        (await client.PostAsync("/status", Json.Body(new { id, email = "nishant@example.com" }))).StatusCode;
}
