namespace Mailr.Tests.Messages;

[Collection(ClusterCollection.Name)]
public sealed class MessageRecoveryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Wake_LeaseOfDeadProcessesCallRanOut_AmbiguousThenRetriedOnceAfterDelay()
    {
        var id = MessageId.New();
        var message = TestMessages.Create("a@example.com");
        var startedAt = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);
        var orphan = MessageState.Create(message, startedAt, TimeSpan.FromHours(24), "primary");

        await fixture.Store.CreateAsync(id, message.Content, orphan, dueAt: DateTimeOffset.UtcNow);
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal([OutcomeClass.Ambiguous, OutcomeClass.Sent], fixture.Recorder.AttemptsFor(id).Select(a => a.Outcome));
        Assert.Equal(["primary"], fixture.Calls.ProvidersFor(id));
        Assert.True(fixture.Calls.For(id)[0].At - fixture.Recorder.AttemptsFor(id)[0].At >= ClusterFixture.RetryDelay - TimeSpan.FromMilliseconds(50),
            "the retry after the ambiguous call came before the retry delay");
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(recipients).Status);
    }

    [Fact]
    public async Task Wake_WaitingMessageNoLongerActive_PartitionRunsNextRoundFromStoredContent()
    {
        var id = MessageId.New();
        var message = TestMessages.Create("b@example.com");
        var waiting = MessageState.Create(message, DateTimeOffset.UtcNow, TimeSpan.FromHours(24), "primary");
        waiting.InFlight = null;
        waiting.Rounds = 1;

        await fixture.Store.CreateAsync(id, message.Content, waiting, dueAt: DateTimeOffset.UtcNow);
        await fixture.Recorder.WaitFinishedAsync(id);
        var stored = await fixture.Store.ReadAsync(id, withContent: true);

        var call = Assert.Single(fixture.Calls.For(id));
        Assert.Equal("Hello", call.Email.Content.Subject);
        Assert.Equal(["b@example.com"], call.Email.To.Select(m => m.Address));
        Assert.Equal(2, stored!.State.Rounds);
        Assert.Null(stored.Content);
    }
}
