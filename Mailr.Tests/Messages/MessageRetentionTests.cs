using Mailr.Grains.Options;
using Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task Finish_EveryRecipientDone_BodyDroppedAndRestKept()
    {
        var id = MessageId.New();
        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.Recorder.WaitFinishedAsync(id);

        var stored = await ReadStoredStateAsync(id);

        Assert.Null(stored.Message!.Text);
        Assert.Equal("Hello", stored.Message.Subject);
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(stored.Recipients).Status);
        Assert.Null(stored.NextAttemptAt);
    }

    private async Task<MessageState> ReadStoredStateAsync(string id)
    {
        var services = fixture.Cluster.Silos[0].ServiceProvider;
        var storage = services.GetRequiredKeyedService<IGrainStorage>(GrainNames.MessageStorage);
        var state = new GrainState<MessageState>(new MessageState());
        await storage.ReadStateAsync(GrainNames.MessageState, fixture.Grain(id).GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException($"no stored state for {id}");
    }
}
