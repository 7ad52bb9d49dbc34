namespace Mailr.Tests.Redis;

[Trait("Category", "Processes")]
public sealed class RedisRestartRecoveryTests
{
    private const int Messages = 3;

    [Fact]
    public async Task RedisKilledAndRestartedFromAof_MessagesWaitingForRetry_SentOnceEachByTheNextSilo()
    {
        await using var server = await RedisServer.StartAsync("--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction");
        var calls = new CallLog();
        var provider = new ScriptedEmailProvider("stub", calls);
        var firstCalls = 0;
        var firstRounds = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        provider.ScriptDefault((email, _) =>
        {
            if (!seen.TryAdd(email.MessageId, true))
            {
                return Task.FromResult(ProviderResult.Sent("stub-1"));
            }

            if (Interlocked.Increment(ref firstCalls) == Messages)
            {
                firstRounds.TrySetResult();
            }

            return Task.FromResult(ProviderResult.Retryable("503"));
        });
        var settings = RedisServer.SiloSettings(server.ConnectionString);
        // Longer than a message stays active for: the retries wait in the due index, in Redis only.
        settings["Mailr:Retry:Delays:0"] = "00:00:12";
        var ids = new List<string>();

        await using (var first = new MailrApiFactory(settings, s => s.AddSingleton(new ProviderRegistry([new(provider, TimeSpan.FromSeconds(2))]))))
        {
            using var client = first.CreateClient();
            for (var i = 0; i < Messages; i++)
            {
                ids.Add(await client.PostMessageAsync());
            }

            await firstRounds.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        await server.KillAsync();
        await server.StartAsync();
        await using var second = new MailrApiFactory(settings, s => s.AddSingleton(new ProviderRegistry([new(provider, TimeSpan.FromSeconds(2))])));
        using var restarted = second.CreateClient();
        foreach (var id in ids)
        {
            await second.Recorder.WaitFinishedAsync(id, TimeSpan.FromSeconds(60));
        }

        Assert.All(ids, id => Assert.Equal(2, calls.For(id).Count));
        foreach (var id in ids)
        {
            var status = await restarted.PostAsync("/status", Json.Body(new { id, email = "jay@example.com" }));
            Assert.Equal("sent", (await Json.ReadAsync(status)).GetProperty("status").GetString());
        }
    }
}
