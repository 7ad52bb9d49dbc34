namespace Mailr.Tests.Messages;

[Collection(ExpiryClusterCollection.Name)]
public sealed class MessageRetentionTests(ExpiryClusterFixture fixture)
{
    [Fact]
    public async Task GetStatus_AroundRetentionBoundary_SentUntilThenNotFoundFromExactlyThen()
    {
        var id = MessageId.New();
        var acceptedAt = fixture.FakeClock.GetUtcNow();
        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.Recorder.WaitFinishedAsync(id);

        fixture.FakeClock.SetUtcNow(acceptedAt + ExpiryClusterFixture.Retention - TimeSpan.FromSeconds(1));
        var justBefore = await fixture.Grain(id).GetStatusAsync("nishant@example.com");
        var summaryBefore = await fixture.Grain(id).GetSummaryAsync();
        fixture.FakeClock.Advance(TimeSpan.FromSeconds(1));
        var atBoundary = await fixture.Grain(id).GetStatusAsync("nishant@example.com");
        var summaryAt = await fixture.Grain(id).GetSummaryAsync();

        Assert.Equal(DeliveryStatus.Sent, justBefore);
        Assert.Equal(acceptedAt + ExpiryClusterFixture.Retention, summaryBefore!.ExpiresAt);
        Assert.Null(atBoundary);
        Assert.Null(summaryAt);
    }

    [Fact]
    public async Task Finish_EveryRecipientDone_ContentDroppedProgressKeptAndNothingDue()
    {
        var id = MessageId.New();
        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.Recorder.WaitFinishedAsync(id);

        var stored = await fixture.Store.ReadAsync(id, withContent: true);
        var due = await fixture.Store.ClaimDueAsync(MessagePartitions.Of(id), fixture.FakeClock.GetUtcNow() + TimeSpan.FromDays(2), TimeSpan.Zero, int.MaxValue);

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
        var acceptedAt = fixture.FakeClock.GetUtcNow();
        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.Recorder.WaitFinishedAsync(id);

        fixture.FakeClock.SetUtcNow(acceptedAt + ExpiryClusterFixture.Retention + MessagePartitions.ExpiryGrace);
        var afterDeadline = await fixture.Store.ReadAsync(id, withContent: false);

        Assert.Null(afterDeadline);
    }
}
