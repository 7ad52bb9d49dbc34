using Mailr.Grains.Scheduling;

namespace Mailr.Tests.Messages;

[Collection(ClusterCollection.Name)]
public sealed class MessageRecoveryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Wake_LeaseOfDeadProcessesCallRanOut_AmbiguousThenRetriedOnceAfterDelay()
    {
        var id = MessageId.New();
        var message = TestMessages.Create("a@example.com");
        var now = fixture.FakeClock.GetUtcNow();
        var orphan = MessageState.Create(message, now - TimeSpan.FromMinutes(1), TimeSpan.FromHours(24), "primary");
        var recoveredAt = now + DuePartitionGrain.PollInterval;

        await fixture.Store.CreateAsync(id, message.Content, orphan, dueAt: now);
        await fixture.FakeClock.AdvanceAsync(DuePartitionGrain.PollInterval);
        await fixture.FakeClock.WhenArmedAsync(id, recoveredAt + ClusterFixture.RetryDelay);
        await fixture.FakeClock.AdvanceAsync(ClusterFixture.RetryDelay);
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal([OutcomeClass.Ambiguous, OutcomeClass.Sent], fixture.Recorder.AttemptsFor(id).Select(a => a.Outcome));
        Assert.Equal(recoveredAt, fixture.Recorder.AttemptsFor(id)[0].At);
        Assert.Equal(["primary"], fixture.Calls.ProvidersFor(id));
        Assert.Equal(recoveredAt + ClusterFixture.RetryDelay, fixture.Calls.For(id)[0].At);
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(recipients).Status);
    }

    [Fact]
    public async Task Wake_WaitingMessageNoLongerActive_PartitionRunsNextRoundFromStoredContent()
    {
        var id = MessageId.New();
        var message = TestMessages.Create("b@example.com");
        var now = fixture.FakeClock.GetUtcNow();
        var waiting = MessageState.Create(message, now, TimeSpan.FromHours(24), "primary");
        waiting.InFlight = null;
        waiting.Rounds = 1;

        await fixture.Store.CreateAsync(id, message.Content, waiting, dueAt: now);
        await fixture.FakeClock.AdvanceAsync(DuePartitionGrain.PollInterval);
        await fixture.Recorder.WaitFinishedAsync(id);
        var stored = await fixture.Store.ReadAsync(id, withContent: true);

        var call = Assert.Single(fixture.Calls.For(id));
        Assert.Equal("Hello", call.Email.Content.Subject);
        Assert.Equal(["b@example.com"], call.Email.To.Select(m => m.Address));
        Assert.Equal(2, stored!.State.Rounds);
        Assert.Null(stored.Content);
    }
}
