using Mailr.Grains.Events;

namespace Mailr.Tests.Events;

/// <summary>
/// A lost answer is reconciled before anything is sent again: a provider that took the message and stalled sends it
/// exactly once, one whose request never took effect sends it once by a later attempt, and what nothing can tell is
/// decided by <c>Mailr:Reconcile:WhenUnknown</c> (here <c>Fail</c>).
/// </summary>
[Collection(ReconcileClusterCollection.Name)]
public sealed class ReconcileTests(ReconcileClusterFixture fixture)
{
    private static readonly TimeSpan s_after = ReconcileClusterFixture.After;

    private async Task<MessageStory> StoryAsync(string id, string recipient = "nishant@example.com") =>
        await fixture.Grain(id).GetStoryAsync(recipient) ?? throw new InvalidOperationException("no story");

    [Fact]
    public async Task LookUp_ProviderTookItAndStalled_SentOnceAndNeverFailedOver()
    {
        var id = MessageId.New();
        var start = fixture.FakeClock.GetUtcNow();
        fixture.Primary.Script(id, fixture.Primary.TakeThenStall());

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.FakeClock.WhenArmedAsync(id, start + s_after);
        await fixture.FakeClock.AdvanceAsync(s_after);
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(DeliveryStatus.Sent, Assert.Single(recipients).Status);
        Assert.Equal(["primary"], fixture.Calls.ProvidersFor(id));
        Assert.Equal(1, fixture.Primary.TakenCount(id));
        Assert.Equal([ReconcileStepKind.Started, ReconcileStepKind.Found], (await StoryAsync(id)).Steps.Select(s => s.Kind));
        Assert.Equal($"primary-{id}", (await fixture.Store.ReadAsync(id, withContent: false))!.State.Attempts.Single().ProviderMessageId);
    }

    [Fact]
    public async Task LookUp_InAnActivationALookupMade_AskedOnceAndFound()
    {
        var id = MessageId.New();
        var start = fixture.FakeClock.GetUtcNow();
        fixture.Primary.Script(id, fixture.Primary.TakeThenStall());
        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.FakeClock.WhenArmedAsync(id, start + s_after);

        // The waiting activation goes; a status lookup makes a new one, which holds the progress but not the content.
        await fixture.Grain(id).AsReference<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        await fixture.FakeClock.WhenNoTimerAsync(id);
        Assert.Equal(DeliveryStatus.Accepted, await fixture.Grain(id).GetStatusAsync("nishant@example.com"));
        await fixture.FakeClock.AdvanceAsync(s_after);
        var recipient = Assert.Single(await fixture.Recorder.WaitFinishedAsync(id));

        Assert.Equal(DeliveryStatus.Sent, recipient.Status);
        Assert.Single(fixture.Primary.LookUps, l => l.MessageId == id);
        Assert.Equal([ReconcileStepKind.Started, ReconcileStepKind.Found], (await StoryAsync(id)).Steps.Select(s => s.Kind));
    }

    [Fact]
    public async Task LookUp_RequestNeverTookEffect_SentOnceByALaterAttempt()
    {
        var id = MessageId.New();
        var start = fixture.FakeClock.GetUtcNow();
        fixture.Primary.Script(id, ScriptedEmailProvider.Stall(), ScriptedEmailProvider.Answer(ProviderResult.Sent("p-2")));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());

        // Look-ups at After, then twice as far apart, until Within: 1 s, 3 s, then the deadline at 4 s.
        foreach (var at in new[] { 1, 3, 4 })
        {
            await fixture.FakeClock.WhenArmedAsync(id, start + TimeSpan.FromSeconds(at));
            await fixture.FakeClock.AdvanceAsync(start + TimeSpan.FromSeconds(at) - fixture.FakeClock.GetUtcNow());
        }

        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(DeliveryStatus.Sent, Assert.Single(recipients).Status);
        Assert.Equal(["primary", "primary"], fixture.Calls.ProvidersFor(id));
        Assert.Equal(1, fixture.Primary.TakenCount(id));
        Assert.Equal(3, fixture.Primary.LookUps.Count(l => l.MessageId == id));
        Assert.Equal(
            [ReconcileStepKind.Started, ReconcileStepKind.NotFoundYet, ReconcileStepKind.NotFoundYet, ReconcileStepKind.NotTaken],
            (await StoryAsync(id)).Steps.Select(s => s.Kind));
    }

    [Fact]
    public async Task LookUp_FailsUntilWithin_UnknownFailsTheRecipientInDoubt()
    {
        var id = MessageId.New();
        var start = fixture.FakeClock.GetUtcNow();
        fixture.Primary.Script(id, ScriptedEmailProvider.Stall());
        fixture.Primary.LookUpScript = email => email.MessageId == id ? LookupResult.Unknown("HTTP 500") : null;
        try
        {
            await fixture.Grain(id).AcceptAsync(TestMessages.Create());
            foreach (var at in new[] { 1, 3, 4 })
            {
                await fixture.FakeClock.WhenArmedAsync(id, start + TimeSpan.FromSeconds(at));
                await fixture.FakeClock.AdvanceAsync(start + TimeSpan.FromSeconds(at) - fixture.FakeClock.GetUtcNow());
            }

            var recipient = Assert.Single(await fixture.Recorder.WaitFinishedAsync(id));

            Assert.Equal(DeliveryStatus.Failed, recipient.Status);
            Assert.Equal("unknown whether the provider sent it", recipient.Reason);
            Assert.Equal(["primary"], fixture.Calls.ProvidersFor(id));
            Assert.Equal(ReconcileStepKind.UnknownFail, (await StoryAsync(id)).Steps[^1].Kind);
        }
        finally
        {
            fixture.Primary.LookUpScript = null;
        }
    }

    [Fact]
    public async Task EventsOnly_TakenEventArrives_SentWithoutAnotherCall()
    {
        var id = MessageId.New();
        fixture.Primary.Script(id, ProviderResult.Retryable("429"));
        fixture.Secondary.Script(id, fixture.Secondary.TakeThenStall());

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.FakeClock.WhenArmedAsync(id, fixture.FakeClock.GetUtcNow() + ReconcileClusterFixture.Within);
        var results = await fixture.Grain(id).ApplyEventsAsync(
            [new DeliveryReport("secondary", "processed", DeliveryEventKind.Taken, "nishant@example.com", id, "sg-1.filter", fixture.FakeClock.GetUtcNow())]);
        var recipient = Assert.Single(await fixture.Recorder.WaitFinishedAsync(id));

        Assert.Equal([EventResult.Applied], results);
        Assert.Equal(DeliveryStatus.Sent, recipient.Status);
        Assert.Equal(["primary", "secondary"], fixture.Calls.ProvidersFor(id));
        Assert.Equal([ReconcileStepKind.Started, ReconcileStepKind.Found], (await StoryAsync(id)).Steps.Select(s => s.Kind));
    }

    [Fact]
    public async Task EventsOnly_NoEventByWithin_UnknownFailsAndALateEventMakesItSent()
    {
        var id = MessageId.New();
        var start = fixture.FakeClock.GetUtcNow();
        fixture.Primary.Script(id, ProviderResult.Retryable("429"));
        fixture.Secondary.Script(id, fixture.Secondary.TakeThenStall());

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.FakeClock.WhenArmedAsync(id, start + ReconcileClusterFixture.Within);
        await fixture.FakeClock.AdvanceAsync(ReconcileClusterFixture.Within);
        var failed = Assert.Single(await fixture.Recorder.WaitFinishedAsync(id));
        await fixture.Grain(id).ApplyEventsAsync(
            [new DeliveryReport("secondary", "delivered", DeliveryEventKind.Delivered, "nishant@example.com", id, "sg-1.filter", fixture.FakeClock.GetUtcNow())]);

        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal(DeliveryStatus.Sent, await fixture.Grain(id).GetStatusAsync("nishant@example.com"));
        Assert.Equal(DeliveryState.Delivered, await fixture.Grain(id).GetDeliveryAsync("nishant@example.com"));
        Assert.Equal(["primary", "secondary"], fixture.Calls.ProvidersFor(id));
    }

    [Fact]
    public async Task Repeat_LostAnswer_TheSameProviderAloneIsAskedAgainWithTheSameRecipients()
    {
        var id = MessageId.New();
        var start = fixture.FakeClock.GetUtcNow();
        fixture.Primary.Script(id, ProviderResult.Retryable("429"));
        fixture.Secondary.Script(id, ProviderResult.Retryable("503"));
        fixture.Tertiary.Script(id, ScriptedEmailProvider.Stall(), ScriptedEmailProvider.Answer(ProviderResult.Sent("re-1")));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create("a@example.com", "b@example.com"));
        await fixture.FakeClock.WhenArmedAsync(id, start + s_after);
        await fixture.FakeClock.AdvanceAsync(s_after);
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.All(recipients, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Equal(["primary", "secondary", "tertiary", "tertiary"], fixture.Calls.ProvidersFor(id));
        var calls = fixture.Calls.For(id).Where(c => c.Provider == "tertiary").ToList();
        Assert.Equal(calls[0].Email.Recipients, calls[1].Email.Recipients);
    }

    [Fact]
    public async Task NothingToAsk_LostAnswer_WhenUnknownFailDecidesAtOnce()
    {
        var id = MessageId.New();
        fixture.Primary.Script(id, ProviderResult.Retryable("429"));
        fixture.Secondary.Script(id, ProviderResult.Retryable("503"));
        fixture.Tertiary.Script(id, ProviderResult.Retryable("503"));
        fixture.Fourth.Script(id, ScriptedEmailProvider.Stall());

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        var recipient = Assert.Single(await fixture.Recorder.WaitFinishedAsync(id));

        Assert.Equal(DeliveryStatus.Failed, recipient.Status);
        Assert.Equal("unknown whether the provider sent it", recipient.Reason);
        Assert.Equal([ReconcileStepKind.UnknownFail], (await StoryAsync(id)).Steps.Select(s => s.Kind));
    }
}
