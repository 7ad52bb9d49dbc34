using Mailr.Grains.Events;
using Mailr.Grains.Suppression;

namespace Mailr.Tests.Events;

/// <summary>Applying provider events to a message: the delivery state only moves forward, and what was applied or not is recorded.</summary>
public sealed class MessageEventsTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);

    private static MessageState SentState(params string[] to)
    {
        var state = MessageState.Create(TestMessages.Create(to), s_now, TimeSpan.FromDays(1), "primary");
        state.InFlight = null;
        state.Answered("primary", ProviderResult.Sent("pm-1"), state.Recipients.Count, s_now);
        return state;
    }

    private static DeliveryReport Report(DeliveryEventKind? kind, string recipient = "nishant@example.com", int minutes = 1, string? eventId = null, string provider = "primary") =>
        new(provider, kind?.ToString() ?? "open", kind, recipient, "id", "pm-1", s_now.AddMinutes(minutes), eventId);

    [Fact]
    public void Apply_EventsInOrder_MoveTheStateForward()
    {
        var state = SentState();

        var results = new[] { DeliveryEventKind.Deferred, DeliveryEventKind.Delivered, DeliveryEventKind.Complained }
            .Select((k, i) => state.Apply(Report(k, minutes: i + 1), s_now, out _)).ToList();

        Assert.All(results, r => Assert.Equal(EventResult.Applied, r));
        Assert.Equal(DeliveryState.Complained, state.Recipients[0].Delivery);
        Assert.Equal(3, state.Events!.Count);
    }

    [Fact]
    public void Apply_StepBack_ChangesNothingAndIsRecorded()
    {
        var state = SentState();
        state.Apply(Report(DeliveryEventKind.Delivered, minutes: 1), s_now, out _);

        var result = state.Apply(Report(DeliveryEventKind.Deferred, minutes: 2), s_now, out _);

        Assert.Equal(EventResult.Stale, result);
        Assert.Equal(DeliveryState.Delivered, state.Recipients[0].Delivery);
        Assert.Equal([EventResult.Applied, EventResult.Stale], state.Events!.Select(e => e.Result));
    }

    [Fact]
    public void Apply_OlderThanTheEventThatSetTheState_ChangesNothing()
    {
        var state = SentState();
        state.Apply(Report(DeliveryEventKind.Delivered, minutes: 5), s_now, out _);

        var result = state.Apply(Report(DeliveryEventKind.Bounced, minutes: 4), s_now, out var suppress);

        Assert.Equal(EventResult.Stale, result);
        Assert.Equal(DeliveryState.Delivered, state.Recipients[0].Delivery);
        Assert.Null(suppress);
    }

    [Theory]
    [InlineData("ev-1", "ev-1")]
    [InlineData(null, null)]
    public void Apply_SameEventTwice_Duplicate(string? first, string? second)
    {
        var state = SentState();
        state.Apply(Report(DeliveryEventKind.Delivered, eventId: first), s_now, out _);

        var result = state.Apply(Report(DeliveryEventKind.Delivered, minutes: 2, eventId: second), s_now, out _);

        Assert.Equal(EventResult.Duplicate, result);
    }

    [Fact]
    public void Apply_SameEventIdOtherKind_StillADuplicate()
    {
        var state = SentState();
        state.Apply(Report(DeliveryEventKind.Deferred, eventId: "ev-1"), s_now, out _);

        Assert.Equal(EventResult.Duplicate, state.Apply(Report(DeliveryEventKind.Delivered, minutes: 2, eventId: "ev-1"), s_now, out _));
        Assert.Equal(DeliveryState.Deferred, state.Recipients[0].Delivery);
    }

    [Theory]
    [InlineData(DeliveryEventKind.Bounced, SuppressionReason.Bounced)]
    [InlineData(DeliveryEventKind.Complained, SuppressionReason.Complained)]
    public void Apply_HardBounceOrComplaint_AsksForSuppression(DeliveryEventKind kind, SuppressionReason expected)
    {
        var state = SentState();

        state.Apply(Report(kind), s_now, out var suppress);

        Assert.Equal(expected, suppress);
    }

    [Theory]
    [InlineData(DeliveryEventKind.Deferred)]
    [InlineData(DeliveryEventKind.Delivered)]
    public void Apply_OtherEvents_NoSuppression(DeliveryEventKind kind)
    {
        var state = SentState();

        state.Apply(Report(kind), s_now, out var suppress);

        Assert.Null(suppress);
    }

    [Fact]
    public void Apply_UntrackedEvent_IgnoredAndNotRecorded()
    {
        var state = SentState();

        Assert.Equal(EventResult.Ignored, state.Apply(Report(null), s_now, out _));
        Assert.Null(state.Events);
        Assert.Null(state.Recipients[0].Delivery);
    }

    [Theory]
    [InlineData("someone.else@example.com", "primary")]
    [InlineData("nishant@example.com", "secondary")]
    public void Apply_NotARecipientOrNotAskedProvider_Unmatched(string recipient, string provider)
    {
        var state = SentState();

        Assert.Equal(EventResult.Unmatched, state.Apply(Report(DeliveryEventKind.Delivered, recipient, provider: provider), s_now, out _));
        Assert.Null(state.Events);
    }

    [Fact]
    public void Apply_RecipientEchoedInUpperCase_Matched()
    {
        var state = SentState();

        Assert.Equal(EventResult.Applied, state.Apply(Report(DeliveryEventKind.Delivered, "NISHANT@EXAMPLE.COM"), s_now, out _));
    }

    [Fact]
    public void Apply_TakenForARecipientStillAccepted_MakesItSent()
    {
        var state = MessageState.Create(TestMessages.Create(), s_now, TimeSpan.FromDays(1), "primary");
        state.Answered("primary", ProviderResult.Ambiguous("no answer"), 1, s_now);

        var result = state.Apply(Report(DeliveryEventKind.Taken), s_now.AddSeconds(5), out _);

        Assert.Equal(EventResult.Applied, result);
        Assert.Equal(DeliveryStatus.Sent, state.Recipients[0].Status);
    }

    [Fact]
    public void Apply_DeliveredForARecipientFailedInDoubt_MakesItSent()
    {
        var state = MessageState.Create(TestMessages.Create(), s_now, TimeSpan.FromDays(1), "primary");
        state.Answered("primary", ProviderResult.Ambiguous("no answer"), 1, s_now);
        state.FailPending("unknown whether the provider sent it", s_now, inDoubt: true);

        state.Apply(Report(DeliveryEventKind.Delivered), s_now.AddMinutes(2), out _);

        Assert.Equal(DeliveryStatus.Sent, state.Recipients[0].Status);
        Assert.Equal(DeliveryState.Delivered, state.Recipients[0].Delivery);
        Assert.Null(state.Recipients[0].Reason);
    }

    [Fact]
    public void Apply_DeliveredForARecipientRefused_StaysFailed()
    {
        var state = MessageState.Create(TestMessages.Create(), s_now, TimeSpan.FromDays(1), "primary");
        state.Answered("primary", ProviderResult.Permanent("refused"), 1, s_now);
        state.FailPending("every provider refused it", s_now);

        state.Apply(Report(DeliveryEventKind.Delivered), s_now.AddMinutes(2), out _);

        Assert.Equal(DeliveryStatus.Failed, state.Recipients[0].Status);
    }

    [Fact]
    public void Apply_TakenDuringAReconcile_EndsItWhenNobodyItCoveredIsWaiting()
    {
        var state = MessageState.Create(TestMessages.Create(), s_now, TimeSpan.FromDays(1), "primary");
        state.Answered("primary", ProviderResult.Ambiguous("no answer"), 1, s_now);
        state.Reconcile = new PendingReconcile { Provider = "primary", LostAt = s_now, Deadline = s_now.AddMinutes(5), RecipientKeys = ["nishant@example.com"] };

        state.Apply(Report(DeliveryEventKind.Taken), s_now.AddSeconds(5), out _);

        Assert.Null(state.Reconcile);
        Assert.Equal(ReconcileStepKind.Found, state.Steps![^1].Kind);
    }

    [Fact]
    public void Apply_ManyDuplicates_RecordsAtMostTheCap()
    {
        var state = SentState();

        for (var i = 0; i < MessageEvents.MaxRecorded + 50; i++)
        {
            state.Apply(Report(DeliveryEventKind.Delivered, minutes: 1), s_now, out _);
        }

        Assert.Equal(MessageEvents.MaxRecorded, state.Events!.Count);
    }
}
