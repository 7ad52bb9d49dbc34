using Orleans.Core.Internal;

namespace Mailr.Tests.Messages;

[Collection(ClusterCollection.Name)]
public sealed class MessageGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Accept_PrimarySends_EveryRecipientSent()
    {
        var id = MessageId.New();

        var outcome = await fixture.Grain(id).AcceptAsync(TestMessages.Create("a@example.com", "b@example.com"));
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(AcceptOutcome.Accepted, outcome);
        Assert.All(recipients, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Equal(["primary"], fixture.Calls.ProvidersFor(id));
        Assert.Equal(DeliveryStatus.Sent, await fixture.Grain(id).GetStatusAsync("b@example.com"));
    }

    [Fact]
    public async Task Accept_SameIdTwice_SecondIsAlreadyExists()
    {
        var id = MessageId.New();

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        var second = await fixture.Grain(id).AcceptAsync(TestMessages.Create("other@example.com"));

        Assert.Equal(AcceptOutcome.AlreadyExists, second);
        Assert.Null(await fixture.Grain(id).GetStatusAsync("other@example.com"));
    }

    [Theory]
    [InlineData(OutcomeClass.Retryable)]
    [InlineData(OutcomeClass.Disabled)]
    [InlineData(OutcomeClass.Permanent)]
    public async Task Deliver_PrimaryRefuses_FailsOverToSecondaryAtOnce(OutcomeClass outcome)
    {
        var id = MessageId.New();
        fixture.Primary.Script(id, new ProviderResult(outcome, null, "refused", []));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(["primary", "secondary"], fixture.Calls.ProvidersFor(id));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(recipients).Status);
        Assert.Equal([outcome, OutcomeClass.Sent], fixture.Recorder.AttemptsFor(id).Select(a => a.Outcome));
    }

    [Fact]
    public async Task Deliver_ProviderRejectsOneRecipient_OnlyThatRecipientFails()
    {
        var id = MessageId.New();
        fixture.Primary.Script(id, ProviderResult.Sent("p-1", [new RecipientRejection("BAD@example.com", "hard-bounce")]));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create("good@example.com", "bad@example.com"));
        await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(DeliveryStatus.Sent, await fixture.Grain(id).GetStatusAsync("good@example.com"));
        Assert.Equal(DeliveryStatus.Failed, await fixture.Grain(id).GetStatusAsync("bad@example.com"));
        Assert.Equal(["primary"], fixture.Calls.ProvidersFor(id));
    }

    [Fact]
    public async Task Deliver_ProviderRejectsEveryRecipient_NoneReportedSent()
    {
        var id = MessageId.New();
        fixture.Primary.Script(id, ProviderResult.Sent(null, [new("a@example.com", "invalid"), new("b@example.com", "rejected")]));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create("a@example.com", "b@example.com"));
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.All(recipients, r => Assert.Equal(DeliveryStatus.Failed, r.Status));
        Assert.Equal(["primary"], fixture.Calls.ProvidersFor(id));
    }

    [Fact]
    public async Task Deliver_PrimaryTimesOut_NoFailoverInThatRoundAndRetriedAfterDelay()
    {
        var id = MessageId.New();
        fixture.Primary.Script(id, ScriptedEmailProvider.Stall(), ScriptedEmailProvider.Answer(ProviderResult.Sent("p-2")));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.Recorder.WaitFinishedAsync(id);

        var calls = fixture.Calls.For(id);
        Assert.Equal(["primary", "primary"], calls.Select(c => c.Provider));
        Assert.True(calls[1].At - calls[0].At >= ClusterFixture.RetryDelay + MailrClusterFixture.ProviderTimeout - TimeSpan.FromMilliseconds(50),
            $"the retry came {calls[1].At - calls[0].At} after the ambiguous call");
        Assert.Equal([OutcomeClass.Ambiguous, OutcomeClass.Sent], fixture.Recorder.AttemptsFor(id).Select(a => a.Outcome));
        Assert.Equal(DeliveryStatus.Sent, await fixture.Grain(id).GetStatusAsync("nishant@example.com"));
    }

    [Fact]
    public async Task Deliver_EveryProviderRetryableEveryRound_FailedAfterLastRound()
    {
        var id = MessageId.New();
        foreach (var provider in new[] { fixture.Primary, fixture.Secondary, fixture.Tertiary })
        {
            provider.Script(id, ProviderResult.Retryable("503"));
        }

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        var calls = fixture.Calls.For(id);
        Assert.Equal(9, calls.Count);
        Assert.Equal(["primary", "secondary", "tertiary"], calls.Skip(3).Take(3).Select(c => c.Provider));
        Assert.True(calls[3].At - calls[2].At >= ClusterFixture.RetryDelay - TimeSpan.FromMilliseconds(50), "round 2 came before the retry delay");
        Assert.True(calls[6].At - calls[5].At >= ClusterFixture.RetryDelay - TimeSpan.FromMilliseconds(50), "round 3 came before the retry delay");
        Assert.Equal(DeliveryStatus.Failed, Assert.Single(recipients).Status);
        Assert.Equal(DeliveryStatus.Failed, await fixture.Grain(id).GetStatusAsync("nishant@example.com"));
    }

    [Fact]
    public async Task Deliver_RoundOneFailsEverywhere_SecondRoundStartsAtPrimary()
    {
        var id = MessageId.New();
        fixture.Primary.Script(id, ProviderResult.Retryable("429"), ProviderResult.Sent("p-3"));
        fixture.Secondary.Script(id, ProviderResult.Disabled("401"));
        fixture.Tertiary.Script(id, ProviderResult.Retryable("500"));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(["primary", "secondary", "tertiary", "primary"], fixture.Calls.ProvidersFor(id));
        Assert.Equal(DeliveryStatus.Sent, await fixture.Grain(id).GetStatusAsync("nishant@example.com"));
    }

    [Fact]
    public async Task Deliver_EveryProviderPermanent_FailedWithoutRetry()
    {
        var id = MessageId.New();
        foreach (var provider in new[] { fixture.Primary, fixture.Secondary, fixture.Tertiary })
        {
            provider.Script(id, ProviderResult.Permanent("400"));
        }

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(["primary", "secondary", "tertiary"], fixture.Calls.ProvidersFor(id));
        Assert.Equal(DeliveryStatus.Failed, Assert.Single(recipients).Status);
    }

    [Fact]
    public async Task Deliver_WaitingGrainDeactivated_DuePartitionWakesItAndRetries()
    {
        var id = MessageId.New();
        var firstRoundDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Primary.Script(id,
            (_, _) => Task.FromResult(ProviderResult.Retryable("503")),
            (_, _) => Task.FromResult(ProviderResult.Sent("p-4")));
        fixture.Secondary.Script(id, ProviderResult.Retryable("503"));
        fixture.Tertiary.Script(id,
            (_, _) =>
            {
                firstRoundDone.TrySetResult();
                return Task.FromResult(ProviderResult.Retryable("503"));
            },
            (_, _) => Task.FromResult(ProviderResult.Retryable("503")));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await firstRoundDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // Dropping the activation drops its timer: only the due partition can bring the retry.
        await fixture.Grain(id).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(["primary", "secondary", "tertiary", "primary"], fixture.Calls.ProvidersFor(id));
    }

    [Fact]
    public async Task GetStatus_UnknownIdOrRecipient_Null()
    {
        var id = MessageId.New();
        await fixture.Grain(id).AcceptAsync(TestMessages.Create());

        Assert.Null(await fixture.Grain(MessageId.New()).GetStatusAsync("nishant@example.com"));
        Assert.Null(await fixture.Grain(id).GetStatusAsync("someone.else@example.com"));
    }

    [Fact]
    public async Task GetStatus_WhileRoundInFlight_AnswersAcceptedWithoutWaiting()
    {
        var id = MessageId.New();
        var release = new TaskCompletionSource<ProviderResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Primary.Script(id, (_, _) =>
        {
            called.TrySetResult();
            return release.Task;
        });

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await called.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var during = await fixture.Grain(id).GetStatusAsync("nishant@example.com").WaitAsync(TimeSpan.FromSeconds(5));
        release.SetResult(ProviderResult.Sent("p-6"));
        await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(DeliveryStatus.Accepted, during);
        Assert.Equal(DeliveryStatus.Sent, await fixture.Grain(id).GetStatusAsync("nishant@example.com"));
    }
}
