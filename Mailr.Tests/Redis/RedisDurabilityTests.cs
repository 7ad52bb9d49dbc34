using System.Net;
using System.Text.Json;

namespace Mailr.Tests.Redis;

[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisDurabilityTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Store_FinishedMessage_PlainJsonProgressOnlyWithoutTypeNamesReadAfterRestart()
    {
        var settings = RedisServer.SiloSettings(redis.ConnectionString);
        string id;
        await using (var first = new MailrApiFactory(settings))
        {
            using var client = first.CreateClient();
            id = await client.PostMessageAsync();
            await first.Recorder.WaitFinishedAsync(id);
        }

        var stored = await redis.Server.StoredMessageAsync(id);
        await using var second = new MailrApiFactory(settings);
        using var restarted = second.CreateClient();
        var status = await restarted.PostAsync("/status", Json.Body(new { id, email = "sagar@example.com" }));

        Assert.NotNull(stored);
        Assert.Equal(["s", "v"], stored.Keys.Order());
        var renamed = JsonSerializer.Deserialize<RenamedState>(stored["s"], s_json)!;
        Assert.Equal(["nishant@example.com", "deepak@example.com", "jay@example.com", "sagar@example.com"], renamed.Recipients.Select(r => r.Mailbox.Address));
        Assert.All(renamed.Recipients, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.DoesNotContain("$type", stored["s"]);
        Assert.DoesNotContain("Mailr.Grains", stored["s"]);
        Assert.DoesNotContain("Testing some Mailr awesomeness!", stored["s"]);
        Assert.Equal("sent", (await Json.ReadAsync(status)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Post_RedisDownThenBack_503WithRetryAfterThenAcceptedAgain()
    {
        await using var server = await RedisServer.StartAsync();
        await using var silo = new MailrApiFactory(RedisServer.SiloSettings(server.ConnectionString));
        using var client = silo.CreateClient();
        var before = await client.PostAsync("/messages", Json.Body(Json.SampleRequest()));

        await server.KillAsync();
        var whileDown = await client.PostAsync("/messages", Json.Body(Json.SampleRequest()));
        await server.StartAsync();
        var recovered = await PostUntilAcceptedAsync(client);

        Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.NotNull(whileDown.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, recovered.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostUntilAcceptedAsync(HttpClient client)
    {
        // A client honouring Retry-After, bounded: the service must come back by itself.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await client.PostAsync("/messages", Json.Body(Json.SampleRequest()));
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"got {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Accepted || DateTimeOffset.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }


    private static readonly JsonSerializerOptions s_json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    // Stand-ins with other names than MessageState & co.: the stored JSON binds by shape, not by .NET type.
    private sealed record RenamedState(List<RenamedRecipient> Recipients);

    private sealed record RenamedRecipient(RenamedMailbox Mailbox, DeliveryStatus Status);

    private sealed record RenamedMailbox(string Address, string? Name);
}
