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
        var bad = $"bad-{id}@example.com";
        fixture.Primary.Script(id, ProviderResult.Sent("p-1", [new RecipientRejection(bad.ToUpperInvariant(), "hard-bounce")]));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create("good@example.com", bad));
        await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(DeliveryStatus.Sent, await fixture.Grain(id).GetStatusAsync("good@example.com"));
        Assert.Equal(DeliveryStatus.Failed, await fixture.Grain(id).GetStatusAsync(bad.ToLowerInvariant()));
        Assert.Equal(["primary"], fixture.Calls.ProvidersFor(id));
    }

    [Fact]
    public async Task Deliver_ProviderRejectsEveryRecipient_NoneReportedSent()
    {
        var id = MessageId.New();
        // Refused addresses go on the suppression list, which this cluster's tests share: fresh ones.
        var (a, b) = ($"a-{id}@example.com", $"b-{id}@example.com");
        fixture.Primary.Script(id, ProviderResult.Sent(null, [new(a, "invalid"), new(b, "rejected")]));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create(a, b));
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.All(recipients, r => Assert.Equal(DeliveryStatus.Failed, r.Status));
        Assert.Equal(["primary"], fixture.Calls.ProvidersFor(id));
    }

    [Fact]
    public async Task Deliver_PrimaryTimesOut_NoFailoverInThatRoundAndRetriedAfterDelay()
    {
        var id = MessageId.New();
        var start = fixture.FakeClock.GetUtcNow();
        var retryAt = start + MailrClusterFixture.ProviderTimeout + ClusterFixture.RetryDelay;
        fixture.Primary.Script(id, StallTakingTheTimeout(), ScriptedEmailProvider.Answer(ProviderResult.Sent("p-2")));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.FakeClock.WhenArmedAsync(id, retryAt);
        await fixture.FakeClock.AdvanceAsync(retryAt - fixture.FakeClock.GetUtcNow());
        await fixture.Recorder.WaitFinishedAsync(id);

        var calls = fixture.Calls.For(id);
        Assert.Equal(["primary", "primary"], calls.Select(c => c.Provider));
        Assert.Equal([start, retryAt], calls.Select(c => c.At));
        Assert.Equal([OutcomeClass.Ambiguous, OutcomeClass.Sent], fixture.Recorder.AttemptsFor(id).Select(a => a.Outcome));
        Assert.Equal(DeliveryStatus.Sent, await fixture.Grain(id).GetStatusAsync("nishant@example.com"));
    }

    [Fact]
    public async Task Deliver_EveryProviderRetryableEveryRound_FailedAfterLastRound()
    {
        var id = MessageId.New();
        var start = fixture.FakeClock.GetUtcNow();
        foreach (var provider in new[] { fixture.Primary, fixture.Secondary, fixture.Tertiary })
        {
            provider.Script(id, ProviderResult.Retryable("503"));
        }

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await RetryAsync(id, start + ClusterFixture.RetryDelay);
        await RetryAsync(id, start + 2 * ClusterFixture.RetryDelay);
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        var calls = fixture.Calls.For(id);
        Assert.Equal(9, calls.Count);
        Assert.Equal(["primary", "secondary", "tertiary"], calls.Skip(3).Take(3).Select(c => c.Provider));
        Assert.Equal([.. Enumerable.Repeat(start, 3), .. Enumerable.Repeat(start + ClusterFixture.RetryDelay, 3), .. Enumerable.Repeat(start + 2 * ClusterFixture.RetryDelay, 3)],
            calls.Select(c => c.At));
        Assert.Equal(DeliveryStatus.Failed, Assert.Single(recipients).Status);
        Assert.Equal(DeliveryStatus.Failed, await fixture.Grain(id).GetStatusAsync("nishant@example.com"));
    }

    [Fact]
    public async Task Deliver_RoundOneFailsEverywhere_SecondRoundStartsAtPrimary()
    {
        var id = MessageId.New();
        var start = fixture.FakeClock.GetUtcNow();
        fixture.Primary.Script(id, ProviderResult.Retryable("429"), ProviderResult.Sent("p-3"));
        fixture.Secondary.Script(id, ProviderResult.Disabled("401"));
        fixture.Tertiary.Script(id, ProviderResult.Retryable("500"));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await RetryAsync(id, start + ClusterFixture.RetryDelay);
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
        var start = fixture.FakeClock.GetUtcNow();
        fixture.Primary.Script(id, ProviderResult.Retryable("503"), ProviderResult.Sent("p-4"));
        fixture.Secondary.Script(id, ProviderResult.Retryable("503"));
        fixture.Tertiary.Script(id, ProviderResult.Retryable("503"));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.FakeClock.WhenArmedAsync(id, start + ClusterFixture.RetryDelay);
        // Dropping the activation drops its timer: only the due partition can bring the retry.
        await fixture.Grain(id).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await fixture.FakeClock.WhenNoTimerAsync(id);
        await fixture.FakeClock.AdvanceAsync(ClusterFixture.RetryDelay);
        await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(["primary", "secondary", "tertiary", "primary"], fixture.Calls.ProvidersFor(id));
        Assert.Equal(start + ClusterFixture.RetryDelay, fixture.Calls.For(id)[3].At);
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
        await called.Task.Within($"message {id}: the primary is called");
        var during = await fixture.Grain(id).GetStatusAsync("nishant@example.com").Within($"message {id}: status while the call is in flight", TimeSpan.FromSeconds(5));
        release.SetResult(ProviderResult.Sent("p-6"));
        await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(DeliveryStatus.Accepted, during);
        Assert.Equal(DeliveryStatus.Sent, await fixture.Grain(id).GetStatusAsync("nishant@example.com"));
    }

    /// <summary>A call that stalls until the provider timeout cancels it, and takes that long on the fake clock.</summary>
    private ProviderStep StallTakingTheTimeout() => async (_, cancellationToken) =>
    {
        fixture.FakeClock.Advance(MailrClusterFixture.ProviderTimeout);
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    };

    /// <summary>Waits until the message armed its retry for <paramref name="at"/>, then moves the clock there.</summary>
    private async Task RetryAsync(string id, DateTimeOffset at)
    {
        await fixture.FakeClock.WhenArmedAsync(id, at);
        await fixture.FakeClock.AdvanceAsync(at - fixture.FakeClock.GetUtcNow());
    }
}
