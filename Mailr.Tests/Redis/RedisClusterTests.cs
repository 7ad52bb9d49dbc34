using System.Net;
using Mailr.Grains.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Tests.Redis;

[Collection(RedisCollection.Name), Trait("Category", "Processes")]
public sealed class RedisClusterTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Deliver_AcceptingSiloStopsBeforeRetry_AnotherSiloFinishesIt()
    {
        var calls = new CallLog();
        var provider = new ScriptedEmailProvider("stub", calls);
        var settings = Settings(retention: "01:00:00");
        var siloA = new MailrApiFactory(settings, s => s.AddSingleton(new ProviderRegistry([new(provider, TimeSpan.FromSeconds(2))])));
        await using var siloB = new MailrApiFactory(settings, s => s.AddSingleton(new ProviderRegistry([new(provider, TimeSpan.FromSeconds(2))])));
        using var clientA = siloA.CreateClient();
        using var clientB = siloB.CreateClient();
        var firstRound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        provider.ScriptDefault(
            (_, _) =>
            {
                firstRound.TrySetResult();
                return Task.FromResult(ProviderResult.Retryable("503"));
            },
            ScriptedEmailProvider.Answer(ProviderResult.Sent("stub-1")));

        var accepted = await clientA.PostAsync("/messages", Json.Body(Json.SampleRequest()));
        var id = await Json.IdAsync(accepted);
        await firstRound.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var fromOtherSilo = await clientB.PostAsync("/status", Json.Body(new { id, email = "jay@example.com" }));
        await siloA.DisposeAsync();
        await siloB.Recorder.WaitFinishedAsync(id, TimeSpan.FromSeconds(60));
        var status = await clientB.PostAsync("/status", Json.Body(new { id, email = "jay@example.com" }));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("accepted", (await Json.ReadAsync(fromOtherSilo)).GetProperty("status").GetString());
        Assert.Equal(2, calls.For(id).Count);
        Assert.Equal("sent", (await Json.ReadAsync(status)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Store_FinishedMessage_OneHashWithAbsoluteDeadlineAndNoSortedSetEntry()
    {
        await using var silo = new MailrApiFactory(Settings(retention: "01:00:00"));
        using var client = silo.CreateClient();

        var id = await client.PostMessageAsync();
        await silo.Recorder.WaitFinishedAsync(id);
        var summary = await Json.ReadAsync(await client.GetAsync($"/messages/{id}"));
        var found = await redis.Server.FindAsync(id);
        var deadline = await redis.Server.DeadlineAsync(id);

        Assert.Equal([$":m:{id}"], found.Select(k => k[k.IndexOf(":m:", StringComparison.Ordinal)..]));
        Assert.Equal((summary.GetProperty("expires_at").GetDateTimeOffset() + MessagePartitions.ExpiryGrace).ToUnixTimeMilliseconds(), deadline?.ToUnixTimeMilliseconds());
    }

    private Dictionary<string, string?> Settings(string retention)
    {
        var settings = RedisServer.SiloSettings(redis.ConnectionString);
        settings["Mailr:Retry:Delays:0"] = "00:00:02";
        settings["Mailr:Retention"] = retention;
        return settings;
    }
}
