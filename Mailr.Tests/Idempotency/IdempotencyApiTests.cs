using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mailr.Tests.Auth;

namespace Mailr.Tests.Idempotency;

[Collection(ApiKeyCollection.Name)]
public sealed class IdempotencyApiTests(ApiKeyFixture fixture)
{
    private const string Header = "Idempotency-Key";
    private readonly HttpClient _alpha = fixture.Client(ApiKeyFixture.Alpha);
    private readonly HttpClient _beta = fixture.Client(ApiKeyFixture.Beta);

    public static TheoryData<string> BadKeys => new()
    {
        new string('k', 256),
        new string('k', 100_000),
        "clé-1",
        "ключ",
        "key\u0000one",
        "key\u0001one",
        "key\tone",
        "key\u007fone",
        "key\u0085one",
        " ",
        "   ",
        "key one",
        " key",
        "key ",
        "a, b",
    };

    public static TheoryData<string> GoodKeys => new()
    {
        "k",
        new string('k', 255),
        "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
        "\"8e0c2b8a-quoted\"",
        "a,b",
    };

    [Fact]
    public async Task Post_SameKeyAndBody_ReplaysFirst202AndSendsOnce()
    {
        var key = NewKey();
        var body = Message();

        var first = await PostAsync(_alpha, body, key);
        var firstBody = await first.Content.ReadAsStringAsync();
        var id = Json.IdOf(firstBody);
        await fixture.Factory.Recorder.WaitFinishedAsync(id);
        var replay = await PostAsync(_alpha, body, key);
        var replayBody = await replay.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(firstBody, replayBody);
        Assert.Equal($"/messages/{id}", first.Headers.Location?.OriginalString);
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Single(fixture.Factory.Recorder.AttemptsFor(id));
        Assert.Single(Directory.EnumerateFiles(fixture.Factory.PickupDirectory, $"{id}.eml"));
    }

    [Fact]
    public async Task Post_ReplayedId_StatusAndSummaryAnswerForIt()
    {
        var key = NewKey();
        var body = Message();
        var id = Json.IdOf(await (await PostAsync(_alpha, body, key)).Content.ReadAsStringAsync());
        await fixture.Factory.Recorder.WaitFinishedAsync(id);

        var replayed = Json.IdOf(await (await PostAsync(_alpha, body, key)).Content.ReadAsStringAsync());
        var status = await _alpha.PostAsync("/status", Json.Body(new { id = replayed, email = "nishant@example.com" }));
        var summary = await _alpha.GetAsync($"/messages/{replayed}");

        Assert.Equal(id, replayed);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("sent", (await Json.ReadAsync(status)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
    }

    [Fact]
    public async Task Post_SameKeyDifferentBody_Returns422AndRecordsNothing()
    {
        var key = NewKey();
        var first = await PostAsync(_alpha, Message(subject: "first"), key);
        var id = Json.IdOf(await first.Content.ReadAsStringAsync());
        var accepted = fixture.Factory.Recorder.AcceptedCount;

        var other = await PostAsync(_alpha, Message(subject: "second"), key);
        var replay = await PostAsync(_alpha, Message(subject: "first"), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains(Header, await MessageOf(other));
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
        Assert.Null(other.Headers.Location);
        Assert.Equal(accepted, fixture.Factory.Recorder.AcceptedCount);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(id, Json.IdOf(await replay.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Post_SameKeyUnderOtherApiKey_IndependentMessages()
    {
        var key = NewKey();
        var body = Message();

        var alpha = await PostAsync(_alpha, body, key);
        var beta = await PostAsync(_beta, body, key);
        var betaOtherBody = await PostAsync(_beta, Message(subject: "only beta"), NewKey());
        var alphaAgain = await PostAsync(_alpha, body, key);
        var betaAgain = await PostAsync(_beta, body, key);

        var alphaId = Json.IdOf(await alpha.Content.ReadAsStringAsync());
        var betaId = Json.IdOf(await beta.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, alpha.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, beta.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, betaOtherBody.StatusCode);
        Assert.NotEqual(alphaId, betaId);
        Assert.False(beta.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(alphaId, Json.IdOf(await alphaAgain.Content.ReadAsStringAsync()));
        Assert.Equal(betaId, Json.IdOf(await betaAgain.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await _beta.GetAsync($"/messages/{alphaId}")).StatusCode);
    }

    [Fact]
    public async Task Post_SameKeyOtherApiKeyDifferentBody_NotA422()
    {
        var key = NewKey();

        var alpha = await PostAsync(_alpha, Message(subject: "alpha's"), key);
        var beta = await PostAsync(_beta, Message(subject: "beta's"), key);

        Assert.Equal(HttpStatusCode.Accepted, alpha.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, beta.StatusCode);
    }

    [Theory]
    [InlineData("""{"from":"Amit <amit@example.com>","to":["nishant@example.com"],"subject":"S","text":"Hi"}""")]
    [InlineData("""
        {
          "text" : "H\u0069",
          "subject" : "\u0053",
          "to" : [ "nishant@example.com" ],
          "from" : "Amit <amit@example.com>"
        }
        """)]
    [InlineData("""{"from":"Amit <amit@example.com>","to":["nishant@example.com"],"cc":[],"bcc":[],"subject":"S","text":"Hi"}""")]
    [InlineData("""{"from":"Amit <amit@example.com>","to":["nishant@example.com"],"bcc":["nishant@example.com"],"subject":"S","text":"Hi"}""")]
    public async Task Post_BodyAskingForTheSameMessage_Replays(string equivalent)
    {
        var key = NewKey();
        var original = """{"from":"Amit <amit@example.com>","to":["nishant@example.com"],"subject":"S","text":"Hi"}""";

        var first = await PostAsync(_alpha, original, key);
        var second = await PostAsync(_alpha, equivalent, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(["true"], second.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(Json.IdOf(await first.Content.ReadAsStringAsync()), Json.IdOf(await second.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("""{"from":"Amit <amit@example.com>","to":["nishant@example.com"],"subject":"S","text":"Hi "}""")]
    [InlineData("""{"from":"Amit <amit@example.com>","to":["nishant@example.com"],"subject":"s","text":"Hi"}""")]
    [InlineData("""{"from":"Amit R <amit@example.com>","to":["nishant@example.com"],"subject":"S","text":"Hi"}""")]
    [InlineData("""{"from":"Amit <amit@example.com>","to":["nishant@example.com"],"cc":["deepak@example.com"],"subject":"S","text":"Hi"}""")]
    [InlineData("""{"from":"Amit <amit@example.com>","to":["nishant@example.com"],"subject":"S","text":"Hi","html":"<p>Hi</p>"}""")]
    public async Task Post_BodyDifferingInOneMeaningfulDetail_Returns422(string different)
    {
        var key = NewKey();
        var original = """{"from":"Amit <amit@example.com>","to":["nishant@example.com"],"subject":"S","text":"Hi"}""";
        await PostAsync(_alpha, original, key);

        var response = await PostAsync(_alpha, different, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task Post_MalformedKey_Returns400NamingHeaderAndRecordsNothing(string key)
    {
        var accepted = fixture.Factory.Recorder.AcceptedCount;

        var response = await PostAsync(_alpha, Message(), key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Header, await MessageOf(response));
        Assert.Equal(accepted, fixture.Factory.Recorder.AcceptedCount);
    }

    [Fact]
    public async Task Post_TwoKeyHeaders_Returns400NamingHeaderAndRecordsNothing()
    {
        var accepted = fixture.Factory.Recorder.AcceptedCount;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/messages") { Content = Json.Body(Message()) };
        request.Headers.TryAddWithoutValidation(Header, [NewKey(), NewKey()]);

        var response = await _alpha.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Header, await MessageOf(response));
        Assert.Equal(accepted, fixture.Factory.Recorder.AcceptedCount);
    }

    [Fact]
    public async Task Post_TwoEqualKeyHeaders_Returns400()
    {
        var key = NewKey();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/messages") { Content = Json.Body(Message()) };
        request.Headers.TryAddWithoutValidation(Header, [key, key]);

        var response = await _alpha.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_MalformedKeyAfterGoodOne_DoesNotTouchTheGoodOne()
    {
        var key = NewKey();
        var body = Message();
        var first = await PostAsync(_alpha, body, key);

        var bad = await PostAsync(_alpha, body, key + " ");
        var replay = await PostAsync(_alpha, body, key);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(Json.IdOf(await first.Content.ReadAsStringAsync()), Json.IdOf(await replay.Content.ReadAsStringAsync()));
    }

    [Theory]
    [MemberData(nameof(GoodKeys))]
    public async Task Post_KeyAtTheEdgesOfTheRule_Accepted(string key)
    {
        var scoped = key.Length > 200 ? key : $"{key}{Guid.NewGuid():N}";
        var body = Message();

        var first = await PostAsync(_alpha, body, scoped);
        var replay = await PostAsync(_alpha, body, scoped);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Post_KeysDifferingOnlyInCase_AreDifferentKeys()
    {
        var key = $"case-{Guid.NewGuid():N}";
        var body = Message();

        var lower = await PostAsync(_alpha, body, key);
        var upper = await PostAsync(_alpha, body, key.ToUpperInvariant());

        Assert.NotEqual(Json.IdOf(await lower.Content.ReadAsStringAsync()), Json.IdOf(await upper.Content.ReadAsStringAsync()));
        Assert.False(upper.Headers.Contains("Idempotent-Replayed"));
    }

    private static string NewKey() => $"order-{Guid.NewGuid():N}";

    private static string Message(string? subject = null) =>
        JsonSerializer.Serialize(new { from = "Amit <amit@example.com>", to = new[] { "nishant@example.com" }, subject = subject ?? $"Hello {Guid.NewGuid():N}", text = "Hi" });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/messages") { Content = Json.Body(body) };
        Assert.True(request.Headers.TryAddWithoutValidation(Header, key));
        return await client.SendAsync(request);
    }

    private static async Task<string> MessageOf(HttpResponseMessage response) => (await Json.ReadAsync(response)).GetProperty("message").GetString()!;
}
