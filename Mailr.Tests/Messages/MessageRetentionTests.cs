using Mailr.Grains.Scheduling;
namespace Mailr.Tests.Messages;

public sealed class MessageRetentionTests : IAsyncLifetime
{
    private readonly ExpiryCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task GetStatus_AroundRetentionBoundary_SentUntilThenNotFoundFromExactlyThen()
    {
        var id = MessageId.New();
        var acceptedAt = _cluster.FakeClock.GetUtcNow();
        await _cluster.Grain(id).AcceptAsync(TestMessages.Create());
        await _cluster.Recorder.WaitFinishedAsync(id);

        _cluster.FakeClock.SetUtcNow(acceptedAt + ExpiryCluster.Retention - TimeSpan.FromSeconds(1));
        var justBefore = await _cluster.Grain(id).GetStatusAsync("nishant@example.com");
        var summaryBefore = await _cluster.Grain(id).GetSummaryAsync();
        _cluster.FakeClock.Advance(TimeSpan.FromSeconds(1));
        var atBoundary = await _cluster.Grain(id).GetStatusAsync("nishant@example.com");
        var summaryAt = await _cluster.Grain(id).GetSummaryAsync();

        Assert.Equal(DeliveryStatus.Sent, justBefore);
        Assert.Equal(acceptedAt + ExpiryCluster.Retention, summaryBefore!.ExpiresAt);
        Assert.Null(atBoundary);
        Assert.Null(summaryAt);
    }

    [Fact]
    public async Task Finish_EveryRecipientDone_ContentDroppedProgressKeptAndNothingDue()
    {
        var id = MessageId.New();
        await _cluster.Grain(id).AcceptAsync(TestMessages.Create());
        await _cluster.Recorder.WaitFinishedAsync(id);

        var stored = await _cluster.Store.ReadAsync(id, withContent: true);
        var due = await _cluster.Store.ClaimDueAsync(MessagePartitions.Of(id), _cluster.FakeClock.GetUtcNow() + TimeSpan.FromDays(2), TimeSpan.Zero, int.MaxValue);

        Assert.NotNull(stored);
        Assert.Null(stored.Content);
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(stored.State.Recipients).Status);
        Assert.Null(stored.State.NextAttemptAt);
        Assert.Null(stored.State.InFlight);
        Assert.DoesNotContain(id, due);
    }

    [Fact]
    public async Task Store_PastDeadline_RecordForgottenWithoutAnyActivation()
    {
        var id = MessageId.New();
        var acceptedAt = _cluster.FakeClock.GetUtcNow();
        await _cluster.Grain(id).AcceptAsync(TestMessages.Create());
        await _cluster.Recorder.WaitFinishedAsync(id);

        _cluster.FakeClock.SetUtcNow(acceptedAt + ExpiryCluster.Retention + MessagePartitions.ExpiryGrace);
        var afterDeadline = await _cluster.Store.ReadAsync(id, withContent: false);

        Assert.Null(afterDeadline);
    }
}
