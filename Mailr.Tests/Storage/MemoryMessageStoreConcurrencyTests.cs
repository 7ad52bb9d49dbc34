using Mailr.Grains.Scheduling;
namespace Mailr.Tests.Storage;

public sealed class MemoryMessageStoreConcurrencyTests
{
    private const int Records = 100_000;
    private const int Callers = 4;
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly TimeSpan ClaimFor = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ClaimDueAsync_ConcurrentCallersAsDeadlinesPass_ForgetsEveryRecord()
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var store = new MemoryMessageStore(new FakeTimeProvider(start));
        var message = TestMessages.Create();
        for (var i = 0; i < Records; i++)
        {
            var state = MessageState.Create(message, start + TimeSpan.FromMilliseconds(i), Retention, "primary");
            await store.CreateAsync($"m-{i}", message.Content, state, start + Retention);
        }

        var firstDeadline = start + Retention + MessagePartitions.ExpiryGrace;
        using var go = new Barrier(Callers);
        var callers = Enumerable.Range(0, Callers).Select(partition => Task.Factory.StartNew(() =>
        {
            go.SignalAndWait();
            for (var i = 0; i < Records; i++)
            {
                _ = store.ClaimDueAsync(partition, firstDeadline + TimeSpan.FromMilliseconds(i), ClaimFor, 0).Result;
            }
        }, TaskCreationOptions.LongRunning));

        await Task.WhenAll(callers);
        var leftAfterRace = store.Count;
        await store.ClaimDueAsync(0, firstDeadline + TimeSpan.FromDays(1), ClaimFor, 0);

        Assert.Equal((0, 0), (leftAfterRace, store.Count));
    }
}
