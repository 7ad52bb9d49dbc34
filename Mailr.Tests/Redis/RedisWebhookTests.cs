using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mailr.Tests.Fakes.ProviderStubs;
using StackExchange.Redis;

namespace Mailr.Tests.Redis;

/// <summary>
/// In Redis mode a webhook's <c>200</c> means the event is in Redis: the message's progress and the suppression list
/// are written before the answer, so a silo killed right after it loses nothing. With Redis down the provider is told
/// to send again (503 with Retry-After), never a 500.
/// </summary>
[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisWebhookTests(RedisServerFixture redis)
{
    private const string Credentials = "hook:s3cret";

    private static Dictionary<string, string?> Settings(string connectionString, string baseUrl)
    {
        var settings = RedisServer.SiloSettings(connectionString);
        settings["Mailr:Providers:0:Name"] = "postmark";
        settings["Mailr:Providers:0:Type"] = "Postmark";
        settings["Mailr:Providers:0:ApiKey"] = "server-token";
        settings["Mailr:Providers:0:BaseUrl"] = baseUrl;
        settings["Mailr:Providers:0:WebhookSecret"] = Credentials;
        return settings;
    }

    private static HttpRequestMessage Bounce(string id, string email)
    {
        var body = JsonSerializer.Serialize(new
        {
            RecordType = "Bounce", ID = 42, Type = "HardBounce", TypeCode = 1, MessageID = "pm-1", Email = email,
            Metadata = new Dictionary<string, string> { ["mailr_message_id"] = id }, BouncedAt = DateTimeOffset.UtcNow,
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/postmark") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Credentials)));
        return request;
    }

    [Fact]
    public async Task HardBounce_200OnlyOnceTheProgressAndTheSuppressionAreInRedis()
    {
        await using var postmark = await PostmarkStub.StartAsync();
        var settings = Settings(redis.ConnectionString, postmark.BaseUrl);
        await using var silo = new MailrApiFactory(settings);
        using var client = silo.CreateClient();
        var email = $"gone-{Guid.NewGuid():N}@example.com";
        var id = await client.PostMessageAsync(new { from = "amit@example.com", to = new[] { email }, subject = "Hello", text = "Hi" });
        await silo.Recorder.WaitFinishedAsync(id);

        using var response = await client.SendAsync(Bounce(id, email));
        var stored = await redis.Server.StoredMessageAsync(id);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var suppressed = await connection.GetDatabase().HashGetAsync($"{settings["Orleans:ServiceId"]}:suppr:{{owner:}}", email);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"Delivery\":\"Bounced\"", stored!["s"], StringComparison.Ordinal);
        Assert.True(suppressed.HasValue, "the bounced address is not on the suppression list in Redis");
    }

    [Fact]
    public async Task RedisDown_503WithRetryAfter()
    {
        await using var postmark = await PostmarkStub.StartAsync();
        await using var server = await RedisServer.StartAsync();
        await using var silo = new MailrApiFactory(Settings(server.ConnectionString, postmark.BaseUrl));
        using var client = silo.CreateClient();
        var id = await client.PostMessageAsync(new { from = "amit@example.com", to = new[] { "nishant@example.com" }, subject = "Hello", text = "Hi" });
        await silo.Recorder.WaitFinishedAsync(id);

        await server.KillAsync();
        using var response = await client.SendAsync(Bounce(id, "nishant@example.com"));

        // Back before the silo stops: a silo stopping without its membership table waits minutes for it.
        await server.StartAsync();
        await MailrClient.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
