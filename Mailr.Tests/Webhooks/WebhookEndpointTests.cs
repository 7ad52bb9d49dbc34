using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mailr.Tests.Fakes.ProviderStubs;

namespace Mailr.Tests.Webhooks;

/// <summary>
/// <c>POST /webhooks/{name}</c> over the real program: a message sent through a Postmark stub, then Postmark's own
/// events (Basic credentials in the URL) move its recipients' delivery state, feed the suppression list, show in
/// every lookup and in the metrics, and every bad request is refused with nothing changed.
/// </summary>
public sealed class WebhookEndpointTests : IAsyncLifetime
{
    private const string Credentials = "hook:s3cret";
    private PostmarkStub _postmark = null!;
    private MailrApiFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _postmark = await PostmarkStub.StartAsync();
        _factory = new MailrApiFactory(new Dictionary<string, string?>
        {
            ["Mailr:Providers:0:Name"] = "postmark",
            ["Mailr:Providers:0:Type"] = "Postmark",
            ["Mailr:Providers:0:ApiKey"] = "server-token",
            ["Mailr:Providers:0:BaseUrl"] = _postmark.BaseUrl,
            ["Mailr:Providers:0:WebhookSecret"] = Credentials,
            ["Mailr:Providers:1:Name"] = "quiet",
            ["Mailr:Providers:1:Type"] = "Mailgun",
            ["Mailr:Providers:1:ApiKey"] = "key",
            ["Mailr:Providers:1:Domain"] = "mg.example.com",
        });
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _postmark.DisposeAsync();
    }

    private async Task<string> SentAsync(params string[] to)
    {
        var id = await _client.PostMessageAsync(new { from = "amit@example.com", to, subject = "Hello", text = "Hi" });
        await _factory.Recorder.WaitFinishedAsync(id);
        return id;
    }

    private static string Delivery(string id, string recipient) =>
        JsonSerializer.Serialize(new { RecordType = "Delivery", ServerId = 23, MessageID = "pm-1", Recipient = recipient, Metadata = new Dictionary<string, string> { ["mailr_message_id"] = id }, DeliveredAt = DateTimeOffset.UtcNow });

    private static string HardBounce(string id, string email) =>
        JsonSerializer.Serialize(new { RecordType = "Bounce", ID = 4323372036854775807, Type = "HardBounce", TypeCode = 1, MessageID = "pm-1", Email = email, Metadata = new Dictionary<string, string> { ["mailr_message_id"] = id }, BouncedAt = DateTimeOffset.UtcNow });

    private Task<HttpResponseMessage> PostEventAsync(string body, string credentials = Credentials, string name = "postmark")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{name}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return _client.SendAsync(request);
    }

    private async Task<JsonElement> StoryAsync(string id, string email)
    {
        using var response = await _client.PostStoryAsync(id, email);
        return await Json.ReadAsync(response);
    }

    [Fact]
    public async Task Delivered_ShownInStatusSummaryAndStory()
    {
        var id = await SentAsync("nishant@example.com", "deepak@example.com");

        using var response = await PostEventAsync(Delivery(id, "nishant@example.com"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var status = await _client.PostStatusAsync(id, "nishant@example.com");
        var body = await Json.ReadAsync(status);
        Assert.Equal("sent", body.GetProperty("status").GetString());
        Assert.Equal("delivered", body.GetProperty("delivery").GetString());
        var other = await Json.ReadAsync(await _client.PostStatusAsync(id, "deepak@example.com"));
        Assert.False(other.TryGetProperty("delivery", out _));
        var summary = await Json.ReadAsync(await _client.GetAsync($"/messages/{id}"));
        Assert.Equal(1, summary.GetProperty("delivery").GetProperty("delivered").GetInt32());
        var story = await StoryAsync(id, "nishant@example.com");
        Assert.Equal("delivered", story.GetProperty("delivery").GetString());
        var e = Assert.Single(story.GetProperty("events").EnumerateArray());
        Assert.Equal(("delivered", "applied"), (e.GetProperty("event").GetString(), e.GetProperty("result").GetString()));
        Assert.DoesNotContain("postmark", story.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EventNamingOnlyTheProvidersId_MatchedByTheIdFromTheSendAnswer()
    {
        var id = await SentAsync("nishant@example.com");
        var providerId = _postmark.Sends.Single(s => s.MailrId == id).ProviderMessageId;
        var body = JsonSerializer.Serialize(new { RecordType = "Delivery", MessageID = providerId, Recipient = "nishant@example.com", DeliveredAt = DateTimeOffset.UtcNow });

        Assert.Equal(HttpStatusCode.OK, (await PostEventAsync(body)).StatusCode);

        var status = await Json.ReadAsync(await _client.PostStatusAsync(id, "nishant@example.com"));
        Assert.Equal("delivered", status.GetProperty("delivery").GetString());
    }

    [Fact]
    public async Task SameEventTwice_SecondIsADuplicateInTheStory()
    {
        var id = await SentAsync("nishant@example.com");
        var body = HardBounce(id, "nishant@example.com");

        Assert.Equal(HttpStatusCode.OK, (await PostEventAsync(body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostEventAsync(body)).StatusCode);

        var story = await StoryAsync(id, "nishant@example.com");
        Assert.Equal(["applied", "duplicate"], story.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("result").GetString()));
    }

    [Fact]
    public async Task HardBounce_SuppressesTheAddress_AndTheNextMessageNeverReachesAProvider()
    {
        var bounced = $"gone-{Guid.NewGuid():N}@example.com";
        var first = await SentAsync(bounced);

        Assert.Equal(HttpStatusCode.OK, (await PostEventAsync(HardBounce(first, bounced))).StatusCode);
        var entry = await Json.ReadAsync(await _client.GetAsync($"/suppressions/{Uri.EscapeDataString(bounced)}"));
        var second = await SentAsync(bounced, "other@example.com");

        Assert.Equal("bounced", entry.GetProperty("reason").GetString());
        Assert.Equal(1, _postmark.SentTo(bounced));
        Assert.Equal("failed", await _client.StatusAsync(second, bounced));
        Assert.Contains("suppression list", (await StoryAsync(second, bounced)).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("sent", await _client.StatusAsync(second, "other@example.com"));
    }

    [Fact]
    public async Task WrongCredentials_401AndNothingChanged()
    {
        var id = await SentAsync("nishant@example.com");

        using var response = await PostEventAsync(HardBounce(id, "nishant@example.com"), credentials: "hook:guess");

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("s3cret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await Json.ReadAsync(await _client.PostStatusAsync(id, "nishant@example.com"))).TryGetProperty("delivery", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/suppressions/nishant%40example.com")).StatusCode);
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("quiet")]
    public async Task UnknownNameOrNoSecret_404(string name)
    {
        using var response = await PostEventAsync(Delivery("AAAAAAAAAAAAAAAAAAAAAA", "nishant@example.com"), name: name);

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.NotFound, name);
    }

    [Fact]
    public async Task EventForAnUnknownMessage_AcknowledgedWithNothingRecorded()
    {
        using var response = await PostEventAsync(Delivery("AAAAAAAAAAAAAAAAAAAAAA", "nishant@example.com"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/messages/AAAAAAAAAAAAAAAAAAAAAA")).StatusCode);
    }

    [Fact]
    public async Task Malformed_400()
    {
        using var response = await PostEventAsync("{\"RecordType\":");

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OverOneMebibyte_413_EvenWithoutAContentLength()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/postmark")
        {
            Content = new StreamContent(new MemoryStream(new byte[(1024 * 1024) + 1])),
        };
        request.Content.Headers.ContentLength = null;
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request);

        await MailrClient.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Events_CountedInMetrics()
    {
        var id = await SentAsync("nishant@example.com");
        await PostEventAsync(Delivery(id, "nishant@example.com"));
        await PostEventAsync(Delivery(id, "nishant@example.com"), credentials: "hook:guess");

        var lines = (await _client.GetStringAsync("/metrics")).Split('\n');

        Assert.Contains(lines, l => l.StartsWith("mailr_webhook_events_total{", StringComparison.Ordinal)
            && l.Contains("event=\"delivered\"", StringComparison.Ordinal) && l.Contains("result=\"applied\"", StringComparison.Ordinal) && l.Contains("provider=\"postmark\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("mailr_webhook_events_total{", StringComparison.Ordinal)
            && l.Contains("event=\"refused\"", StringComparison.Ordinal) && l.Contains("result=\"unauthorized\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NeedsNoApiKey_EvenWhenKeysAreConfigured_AndHeadChecksTheUrl()
    {
        await using var factory = new MailrApiFactory(new Dictionary<string, string?>
        {
            ["Mailr:ApiKeys:0:Name"] = "billing",
            ["Mailr:ApiKeys:0:Sha256"] = new string('a', 64),
            ["Mailr:Providers:0:Name"] = "postmark",
            ["Mailr:Providers:0:Type"] = "Postmark",
            ["Mailr:Providers:0:ApiKey"] = "server-token",
            ["Mailr:Providers:0:BaseUrl"] = _postmark.BaseUrl,
            ["Mailr:Providers:0:WebhookSecret"] = Credentials,
        });
        var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/postmark") { Content = new StringContent(Delivery("AAAAAAAAAAAAAAAAAAAAAA", "a@example.com"), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Credentials)));

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/webhooks/postmark"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/webhooks/nobody"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/messages/AAAAAAAAAAAAAAAAAAAAAA")).StatusCode);
    }
}
