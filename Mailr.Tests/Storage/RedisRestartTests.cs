using System.Diagnostics;
using System.Text;
using Mailr.Grains.Scheduling;
using Mailr.Silo.Redis;
using StackExchange.Redis;

namespace Mailr.Tests.Storage;

[CollectionDefinition(Name)]
public sealed class RedisRestartCollection
{
    public const string Name = "redis-restart";
}

[Collection(RedisRestartCollection.Name), Trait("Category", "Processes")]
public sealed class RedisRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly TimeSpan ClaimFor = TimeSpan.FromSeconds(30);

    private readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    private readonly string _serviceId = $"restart-{Guid.NewGuid():N}";
    private RedisServer _server = null!;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task StartAsync_AfterSigkillOfAcknowledgedWrites_KeepsRecordsVersionsDueEntriesAndDeadlines()
    {
        const int partition = 5;
        var runIdBefore = await RunIdAsync();
        await ConfigSetAsync("appendfsync", "always");
        await using var connection = RedisMessageStoreConnection.Connect(_server.ConnectionString);
        var store = new RedisMessageStore(connection, _serviceId);
        var (a, b, c, d) = IdsIn(partition);
        var (stateA, contentA) = NewMessage("nishant@example.com");
        var (stateB, contentB) = NewMessage("deepak@example.com");
        var (stateC, contentC) = NewMessage("jay@example.com");
        var (stateD, contentD) = NewMessage("sagar@example.com");
        var retriedB = Retried(stateB, _now + TimeSpan.FromSeconds(2));
        var retriedC = Retried(stateC, _now + TimeSpan.FromSeconds(3));
        var sentC = Sent(stateC);
        await store.CreateAsync(d, contentD, stateD, _now);
        await store.ClaimDueAsync(partition, _now, ClaimFor, 10);
        await store.CreateAsync(a, contentA, stateA, _now + TimeSpan.FromSeconds(1));
        await store.CreateAsync(b, contentB, stateB, _now);
        await store.UpdateAsync(b, 1, retriedB, retriedB.NextAttemptAt, dropContent: false);
        await store.CreateAsync(c, contentC, stateC, _now);
        await store.UpdateAsync(c, 1, retriedC, retriedC.NextAttemptAt, dropContent: false);
        await store.UpdateAsync(c, 2, sentC, dueAt: null, dropContent: true);
        var deadlinesBefore = await DeadlinesAsync(connection, store, a, b, c, d);
        var restored = Restored(connection);

        await _server.KillAsync();
        await _server.StartAsync();
        await WaitForPingAsync(connection, restored);
        var runIdAfter = await RunIdAsync();
        var storedA = await store.ReadAsync(a, withContent: true);
        var storedB = await store.ReadAsync(b, withContent: true);
        var storedC = await store.ReadAsync(c, withContent: true);
        var storedD = await store.ReadAsync(d, withContent: true);
        var scores = await ScoresAsync(connection, store, partition, a, b, c, d);
        var deadlinesAfter = await DeadlinesAsync(connection, store, a, b, c, d);
        var tooEarly = await store.ClaimDueAsync(partition, _now, ClaimFor, 10);
        var claimed = await store.ClaimDueAsync(partition, _now + ClaimFor, ClaimFor, 10);
        var nextB = await store.UpdateAsync(b, 2, Sent(stateB), dueAt: null, dropContent: true);

        Assert.NotEqual(runIdBefore, runIdAfter);
        Assert.NotNull(storedA);
        Assert.Equal((1L, Json(stateA), Json(contentA)), (storedA.Version, Json(storedA.State), Json(storedA.Content)));
        Assert.NotNull(storedB);
        Assert.Equal((2L, Json(retriedB), Json(contentB)), (storedB.Version, Json(storedB.State), Json(storedB.Content)));
        Assert.NotNull(storedC);
        Assert.Equal((3L, Json(sentC), (string?)null), (storedC.Version, Json(storedC.State), Json(storedC.Content)));
        Assert.NotNull(storedD);
        Assert.Equal((1L, Json(stateD), Json(contentD)), (storedD.Version, Json(storedD.State), Json(storedD.Content)));
        Assert.Equal(
            [Ms(_now + TimeSpan.FromSeconds(1)), Ms(_now + TimeSpan.FromSeconds(2)), null, Ms(_now + ClaimFor)],
            scores);
        Assert.Equal([Ms(Deadline(stateA)), Ms(Deadline(stateB)), Ms(Deadline(stateC)), Ms(Deadline(stateD))], deadlinesAfter);
        Assert.Equal(deadlinesBefore, deadlinesAfter);
        Assert.Empty(tooEarly);
        Assert.Equal([a, b, d], claimed);
        Assert.Equal(3, nextB);
    }

    private async Task<string> RunIdAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{_server.ConnectionString},allowAdmin=true");
        var info = await admin.GetServer(admin.GetEndPoints()[0]).InfoAsync("server");
        return info.SelectMany(g => g).Single(p => p.Key == "run_id").Value;
    }

    private async Task ConfigSetAsync(string setting, string value)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{_server.ConnectionString},allowAdmin=true");
        await admin.GetServer(admin.GetEndPoints()[0]).ConfigSetAsync(setting, value);
    }

    private static Task Restored(IConnectionMultiplexer connection)
    {
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                restored.TrySetResult();
            }
        };
        return restored.Task;
    }

    private async Task WaitForPingAsync(IConnectionMultiplexer connection, Task restored)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (elapsed.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.WhenAny(restored, Task.Delay(TimeSpan.FromMilliseconds(250)));
            }
            catch (RedisConnectionException e)
            {
                throw new TimeoutException($"restart of {_serviceId}: the message store's connection did not answer PING within 30 s after redis-server came back on port {_server.Port}", e);
            }
        }
    }

    private static async Task<long?[]> DeadlinesAsync(IConnectionMultiplexer connection, RedisMessageStore store, params string[] ids)
    {
        var deadlines = new List<long?>();
        foreach (var id in ids)
        {
            var ms = (long)await connection.GetDatabase().ExecuteAsync("PEXPIRETIME", store.MessageKey(MessagePartitions.Of(id), id));
            deadlines.Add(ms > 0 ? ms : null);
        }

        return [.. deadlines];
    }

    private static async Task<long?[]> ScoresAsync(IConnectionMultiplexer connection, RedisMessageStore store, int partition, params string[] ids)
    {
        var scores = new List<long?>();
        foreach (var id in ids)
        {
            var score = await connection.GetDatabase().SortedSetScoreAsync(store.DueKey(partition), id);
            scores.Add(score is { } s ? (long)s : null);
        }

        return [.. scores];
    }

    private static (string, string, string, string) IdsIn(int partition)
    {
        var ids = new List<string>();
        while (ids.Count < 4)
        {
            var id = $"m-{Guid.NewGuid():N}";
            if (MessagePartitions.Of(id) == partition)
            {
                ids.Add(id);
            }
        }

        return (ids[0], ids[1], ids[2], ids[3]);
    }

    private (MessageState State, MessageContent Content) NewMessage(string to)
    {
        var message = TestMessages.Create(to);
        return (MessageState.Create(message, _now, Retention, "primary"), message.Content);
    }

    private static MessageState Retried(MessageState state, DateTimeOffset nextAttemptAt) => StoredStates.Retried(state, nextAttemptAt);

    private MessageState Sent(MessageState state) => StoredStates.Sent(state, _now, rounds: 2);

    private static DateTimeOffset Deadline(MessageState state) => state.ExpiresAt + MessagePartitions.ExpiryGrace;

    private static long? Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static string Json(MessageState state) => Encoding.UTF8.GetString(MessageJson.Serialize(state));

    private static string? Json(MessageContent? content) => content is null ? null : Encoding.UTF8.GetString(MessageJson.Serialize(content));
}
