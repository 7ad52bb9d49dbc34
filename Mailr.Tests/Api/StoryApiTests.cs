using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Mailr.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class StoryApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task Story_SentRecipient_OneSentAttemptAndNoOtherRecipient()
    {
        var id = await fixture.Client.PostMessageAsync();
        await fixture.Factory.Recorder.WaitFinishedAsync(id);

        var response = await fixture.Client.PostAsync("/story", Json.Body(new { id, email = "Jay Patel <jay@example.com>" }));
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["status", "accepted_at", "expires_at", "finished_at", "reason", "next_attempt_at", "attempts", "events", "reconcile"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("sent", body.GetProperty("status").GetString());
        Assert.Equal(TimeSpan.FromHours(24), body.GetProperty("expires_at").GetDateTimeOffset() - body.GetProperty("accepted_at").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("next_attempt_at").ValueKind);
        var attempt = Assert.Single(body.GetProperty("attempts").EnumerateArray());
        Assert.Equal("sent", attempt.GetProperty("outcome").GetString());
        Assert.Equal("a provider accepted the message", attempt.GetProperty("description").GetString());
        Assert.InRange(attempt.GetProperty("at").GetDateTimeOffset(), body.GetProperty("accepted_at").GetDateTimeOffset(), body.GetProperty("finished_at").GetDateTimeOffset());
        foreach (var hidden in new[] { "nishant", "deepak", "sagar", "amit", "pickup" })
        {
            Assert.DoesNotContain(hidden, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Story_UnknownIdNonRecipientMalformedId_SameNotFoundBodyAsStatus()
    {
        var id = await fixture.Client.PostMessageAsync();
        object[] bodies =
        [
            new { id = MessageId.New(), email = "nishant@example.com" },
            new { id, email = "stranger@example.com" },
            new { id = "../../etc", email = "nishant@example.com" },
        ];

        var responses = new List<HttpResponseMessage>();
        foreach (var body in bodies)
        {
            responses.Add(await fixture.Client.PostAsync("/status", Json.Body(body)));
            responses.Add(await fixture.Client.PostAsync("/story", Json.Body(body)));
        }

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var texts = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(texts.Distinct());
    }

    [Theory]
    [InlineData("{\"id\":\"GnLB-V-y822qMUYbN-Pc7w\"}", "application/json")]
    [InlineData("{\"id\":\"GnLB-V-y822qMUYbN-Pc7w\",\"email\":\"not an address\"}", "application/json")]
    [InlineData("{\"id\":\"GnLB-V-y822qMUYbN-Pc7w\",\"email\":\"a@example.com\",\"extra\":1}", "application/json")]
    [InlineData("{\"id\":1,\"email\":\"a@example.com\"}", "application/json")]
    [InlineData("{\"id\":", "application/json")]
    [InlineData("{\"id\":\"GnLB-V-y822qMUYbN-Pc7w\",\"email\":\"a@example.com\"}", "text/plain")]
    public async Task Story_BadRequest_SameAnswerAsStatus(string json, string contentType)
    {
        var status = await fixture.Client.PostAsync("/status", Body(json, contentType));
        var story = await fixture.Client.PostAsync("/story", Body(json, contentType));

        Assert.True((int)status.StatusCode is 400 or 415, $"/status answered {status.StatusCode}");
        Assert.Equal(status.StatusCode, story.StatusCode);
        Assert.Equal(await status.Content.ReadAsStringAsync(), await story.Content.ReadAsStringAsync());
    }

    private static ByteArrayContent Body(string json, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }
}

public sealed class StoryApiLifecycleTests
{
    [Fact]
    public async Task Story_FirstProviderUnavailable_UnavailableThenSentWithoutProviderNames()
    {
        using var providers = new FailoverProviders();
        await using var factory = new MailrApiFactory(providers.Settings());
        using var client = factory.CreateClient();

        var id = await client.PostMessageAsync();
        await factory.Recorder.WaitFinishedAsync(id);
        var response = await client.PostAsync("/story", Json.Body(new { id, email = "sagar@example.com" }));
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("sent", body.GetProperty("status").GetString());
        Assert.Equal(
            [("unavailable", "the provider was unavailable, tried the next one"), ("sent", "a provider accepted the message")],
            body.GetProperty("attempts").EnumerateArray().Select(a => (a.GetProperty("outcome").GetString(), a.GetProperty("description").GetString())));
        foreach (var hidden in new[] { FailoverProviders.FailingName, FailoverProviders.PickupName, "mailgun", "pickup", "over capacity", "503" })
        {
            Assert.DoesNotContain(hidden, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Story_AfterRetention_SameNotFoundAsStatusForUnknownId()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new MailrApiFactory(services: s => s.AddKeyedSingleton<TimeProvider>(GrainNames.Clock, clock));
        using var client = factory.CreateClient();

        var id = await client.PostMessageAsync();
        await factory.Recorder.WaitFinishedAsync(id);
        clock.Advance(TimeSpan.FromHours(24));
        var expired = await client.PostAsync("/story", Json.Body(new { id, email = "nishant@example.com" }));
        var unknown = await client.PostAsync("/status", Json.Body(new { id = MessageId.New(), email = "nishant@example.com" }));

        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await expired.Content.ReadAsStringAsync());
    }
}
