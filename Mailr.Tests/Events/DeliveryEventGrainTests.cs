using Mailr.Grains.Events;
using Mailr.Grains.Suppression;

namespace Mailr.Tests.Events;

/// <summary>Provider events through the message grain: applied durably, shown in lookups, and fed to the suppression list.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeliveryEventGrainTests(ClusterFixture fixture)
{
    private ISuppressionList Suppressions => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<ISuppressionList>();

    private DeliveryReport Report(string id, DeliveryEventKind? kind, string recipient = "nishant@example.com", string provider = "primary", int seconds = 1) =>
        new(provider, kind?.ToString() ?? "open", kind, recipient, id, $"{provider}-{id}", fixture.FakeClock.GetUtcNow().AddSeconds(seconds));

    private async Task<string> SentAsync(params string[] to)
    {
        var id = MessageId.New();
        await fixture.Grain(id).AcceptAsync(TestMessages.Create(to));
        await fixture.Recorder.WaitFinishedAsync(id);
        return id;
    }

    [Fact]
    public async Task ApplyEvents_FinishedMessage_WrittenAndShownInEveryLookup()
    {
        var id = await SentAsync("a@example.com", "b@example.com");

        var results = await fixture.Grain(id).ApplyEventsAsync([Report(id, DeliveryEventKind.Deferred, "a@example.com"), Report(id, DeliveryEventKind.Delivered, "a@example.com", seconds: 2)]);

        Assert.Equal([EventResult.Applied, EventResult.Applied], results);
        Assert.Equal(DeliveryState.Delivered, (await fixture.Store.ReadAsync(id, withContent: false))!.State.Recipients[0].Delivery);
        Assert.Equal(DeliveryState.Delivered, await fixture.Grain(id).GetDeliveryAsync("a@example.com"));
        Assert.Null(await fixture.Grain(id).GetDeliveryAsync("b@example.com"));
        Assert.Equal(new DeliveryCounts(0, 1, 0, 0), (await fixture.Grain(id).GetSummaryAsync())!.Delivery);
        var story = (await fixture.Grain(id).GetStoryAsync("a@example.com"))!;
        Assert.Equal(DeliveryState.Delivered, story.Delivery);
        Assert.Equal([DeliveryEventKind.Deferred, DeliveryEventKind.Delivered], story.Events.Select(e => e.Kind));
    }

    [Fact]
    public async Task ApplyEvents_UnknownMessage_UnmatchedAndNothingRecorded()
    {
        var id = MessageId.New();

        var results = await fixture.Grain(id).ApplyEventsAsync([Report(id, DeliveryEventKind.Delivered)]);

        Assert.Equal([EventResult.Unmatched], results);
        Assert.Null(await fixture.Store.ReadAsync(id, withContent: false));
    }

    [Fact]
    public async Task ApplyEvents_FromAProviderThatWasNeverAsked_Unmatched()
    {
        var id = await SentAsync();

        Assert.Equal([EventResult.Unmatched], await fixture.Grain(id).ApplyEventsAsync([Report(id, DeliveryEventKind.Bounced, provider: "secondary")]));
        Assert.Null(await fixture.Grain(id).GetDeliveryAsync("nishant@example.com"));
        Assert.Null(await Suppressions.GetAsync("", "nishant@example.com"));
    }

    [Fact]
    public async Task ApplyEvents_HardBounce_SuppressesTheAddressForItsOwner()
    {
        var address = $"bounce-{Guid.NewGuid():N}@example.com";
        var id = await SentAsync(address);

        await fixture.Grain(id).ApplyEventsAsync([Report(id, DeliveryEventKind.Bounced, address.ToUpperInvariant())]);

        var entry = await Suppressions.GetAsync("", address);
        Assert.Equal(SuppressionReason.Bounced, entry?.Reason);
        Assert.Equal(address, entry?.Email);
    }

    [Fact]
    public async Task Accept_BounceLearnedThroughProviderA_LaterMessageNeverReachesProviderB()
    {
        var bounced = $"gone-{Guid.NewGuid():N}@example.com";
        var first = await SentAsync(bounced);
        await fixture.Grain(first).ApplyEventsAsync([Report(first, DeliveryEventKind.Bounced, bounced)]);

        // The next message fails over from primary to secondary: the bounced address must reach neither.
        var second = MessageId.New();
        fixture.Primary.Script(second, ProviderResult.Retryable("503"));
        await fixture.Grain(second).AcceptAsync(TestMessages.Create(bounced, "other@example.com"));
        var recipients = await fixture.Recorder.WaitFinishedAsync(second);

        Assert.Equal(["primary", "secondary"], fixture.Calls.ProvidersFor(second));
        Assert.All(fixture.Calls.For(second), c => Assert.Equal(["other@example.com"], c.Email.Recipients.Select(r => r.Address)));
        var suppressed = recipients.Single(r => r.Mailbox.Address == bounced);
        Assert.Equal(DeliveryStatus.Failed, suppressed.Status);
        Assert.Equal("the address is on the suppression list (bounced)", suppressed.Reason);
        Assert.Equal(DeliveryStatus.Sent, recipients.Single(r => r.Mailbox.Address == "other@example.com").Status);
    }

    [Fact]
    public async Task Accept_EveryRecipientSuppressed_FinishedAtOnceWithoutAProviderCall()
    {
        var address = $"spam-{Guid.NewGuid():N}@example.com";
        await Suppressions.AddAsync("", new SuppressionEntry(address, SuppressionReason.Complained, fixture.FakeClock.GetUtcNow()));
        var id = MessageId.New();

        await fixture.Grain(id).AcceptAsync(TestMessages.Create(address));
        var recipient = Assert.Single(await fixture.Recorder.WaitFinishedAsync(id));

        Assert.Equal(DeliveryStatus.Failed, recipient.Status);
        Assert.Equal("the address is on the suppression list (complained)", recipient.Reason);
        Assert.Empty(fixture.Calls.For(id));
        var stored = await fixture.Store.ReadAsync(id, withContent: true);
        Assert.Null(stored!.Content);
    }

    [Fact]
    public async Task Deliver_RecipientRefusedAboutTheProvider_GoesAloneToTheNextProviderInTheSameRound()
    {
        var id = MessageId.New();
        fixture.Primary.Script(id, ProviderResult.Sent("p-1", [new RecipientRejection("b@example.com", "rule", RefusalKind.Provider)]));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create("a@example.com", "b@example.com"));
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.All(recipients, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        var calls = fixture.Calls.For(id);
        Assert.Equal(["primary", "secondary"], calls.Select(c => c.Provider));
        Assert.Equal(["b@example.com"], calls[1].Email.Recipients.Select(r => r.Address));
        Assert.Equal([1, 1], fixture.Recorder.AttemptsFor(id).Select(a => a.Round));
    }

    [Fact]
    public async Task Deliver_RecipientRefusedAboutTheAddress_FailsAndIsSuppressed()
    {
        var address = $"nouser-{Guid.NewGuid():N}@example.com";
        var id = MessageId.New();
        fixture.Primary.Script(id, ProviderResult.Sent("p-1", [new RecipientRejection(address, "hard-bounce", RefusalKind.Address)]));

        await fixture.Grain(id).AcceptAsync(TestMessages.Create("a@example.com", address));
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(["primary"], fixture.Calls.ProvidersFor(id));
        Assert.Equal(DeliveryStatus.Failed, recipients.Single(r => r.Mailbox.Address == address).Status);
        Assert.Equal(SuppressionReason.Bounced, (await Suppressions.GetAsync("", address))?.Reason);
    }

    [Fact]
    public async Task Deliver_EveryProviderRefusesTheRecipientAboutItself_FailsWithoutSuppression()
    {
        var address = $"blocked-{Guid.NewGuid():N}@example.com";
        var id = MessageId.New();
        var refused = ProviderResult.Sent("x", [new RecipientRejection(address, "rule", RefusalKind.Provider)]);
        fixture.Primary.Script(id, refused);
        fixture.Secondary.Script(id, refused);
        fixture.Tertiary.Script(id, refused);

        await fixture.Grain(id).AcceptAsync(TestMessages.Create(address));
        var recipient = Assert.Single(await fixture.Recorder.WaitFinishedAsync(id));

        Assert.Equal(DeliveryStatus.Failed, recipient.Status);
        Assert.Equal(["primary", "secondary", "tertiary"], fixture.Calls.ProvidersFor(id));
        Assert.Null(await Suppressions.GetAsync("", address));
    }
}
