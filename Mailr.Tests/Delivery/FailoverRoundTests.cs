using Mailr.Grains.Delivery;

namespace Mailr.Tests.Delivery;

/// <summary>The failover table: which provider a round tries next, and how each answer ends the round.</summary>
public sealed class FailoverRoundTests
{
    private static FailoverPlan Plan(params string[] names) =>
        new([.. names.Select(n => new ConfiguredProvider(new ScriptedEmailProvider(n, new CallLog()), TimeSpan.FromSeconds(10)))]);

    [Fact]
    public void Current_NewPlan_IsTheFirstProvider()
    {
        var plan = Plan("a", "b");

        Assert.Equal("a", plan.Current?.Name);
        Assert.Equal(0, plan.Attempts);
    }

    [Theory]
    [InlineData(OutcomeClass.Retryable)]
    [InlineData(OutcomeClass.Disabled)]
    [InlineData(OutcomeClass.Permanent)]
    public void Next_RefusedOrFailed_TriesTheNextProvider(OutcomeClass outcome)
    {
        var plan = Plan("a", "b");

        var next = plan.Next(outcome);

        Assert.Equal("b", next?.Name);
        Assert.Same(next, plan.Current);
    }

    [Fact]
    public void Next_Ambiguous_StopsTheRound()
    {
        var plan = Plan("a", "b");

        Assert.Null(plan.Next(OutcomeClass.Ambiguous));
        Assert.Null(plan.Current);
    }

    [Fact]
    public void Next_Sent_StopsTheRound()
    {
        var plan = Plan("a", "b");

        Assert.Null(plan.Next(OutcomeClass.Sent));
        Assert.Null(plan.Current);
    }

    [Fact]
    public void Next_SentButSomeRefusedAboutTheProvider_TriesTheNextProvider()
    {
        var plan = Plan("a", "b");

        var next = plan.Next(ProviderResult.Sent("id", [new RecipientRejection("x@example.com", "rule", RefusalKind.Provider)]));

        Assert.Equal("b", next?.Name);
    }

    [Fact]
    public void Next_SentButSomeRefusedAboutTheAddress_StopsTheRound()
    {
        var plan = Plan("a", "b");

        Assert.Null(plan.Next(ProviderResult.Sent("id", [new RecipientRejection("x@example.com", "hard-bounce", RefusalKind.Address)])));
    }

    [Fact]
    public void End_LastProviderRefusedSomeAboutItself_Refused()
    {
        var plan = Plan("a");
        plan.Next(ProviderResult.Sent("id", [new RecipientRejection("x@example.com", "rule", RefusalKind.Provider)]));

        Assert.Equal(RoundEnd.Refused, plan.End(finished: false));
    }

    [Fact]
    public void Next_LastProviderRetryable_EndsTheRound()
    {
        var plan = Plan("a");

        Assert.Null(plan.Next(OutcomeClass.Retryable));
    }

    [Fact]
    public void Skip_FirstProvider_TriesTheNextWithoutAnAttempt()
    {
        var plan = Plan("a", "b");

        Assert.Equal("b", plan.Skip()?.Name);
        Assert.Equal(0, plan.Attempts);
    }

    [Fact]
    public void End_AmbiguousAnswer_Retry()
    {
        var plan = Plan("a", "b");
        plan.Next(OutcomeClass.Ambiguous);

        Assert.Equal(RoundEnd.Retry, plan.End(finished: false));
    }

    [Fact]
    public void End_SentWithDeferredRecipients_Retry()
    {
        var plan = Plan("a", "b");
        plan.Next(OutcomeClass.Sent, deferred: true);

        Assert.Equal(RoundEnd.Retry, plan.End(finished: false));
    }

    [Fact]
    public void End_SentToEveryone_Finished()
    {
        var plan = Plan("a", "b");
        plan.Next(OutcomeClass.Retryable);
        plan.Next(OutcomeClass.Sent);

        Assert.Equal(RoundEnd.Finished, plan.End(finished: true));
    }

    [Fact]
    public void End_PermanentOnAll_Refused()
    {
        var plan = Plan("a", "b", "c");
        while (plan.Current is not null)
        {
            plan.Next(OutcomeClass.Permanent);
        }

        Assert.Equal(3, plan.Attempts);
        Assert.Equal(RoundEnd.Refused, plan.End(finished: false));
    }

    [Theory]
    [InlineData(OutcomeClass.Retryable)]
    [InlineData(OutcomeClass.Disabled)]
    public void End_PermanentAndOneMayWorkLater_Retry(OutcomeClass other)
    {
        var plan = Plan("a", "b", "c");
        plan.Next(OutcomeClass.Permanent);
        plan.Next(other);
        plan.Next(OutcomeClass.Permanent);

        Assert.Equal(RoundEnd.Retry, plan.End(finished: false));
    }

    [Fact]
    public void End_AllSkipped_Skipped()
    {
        var plan = Plan("a", "b");
        plan.Skip();
        plan.Skip();

        Assert.Null(plan.Current);
        Assert.Equal(RoundEnd.Skipped, plan.End(finished: false));
    }

    [Fact]
    public void End_EmptyPlan_Skipped()
    {
        var plan = Plan();

        Assert.Null(plan.Current);
        Assert.Equal(RoundEnd.Skipped, plan.End(finished: false));
    }

    [Fact]
    public void End_SkippedThenPermanent_Refused()
    {
        var plan = Plan("a", "b");
        plan.Skip();
        plan.Next(OutcomeClass.Permanent);

        Assert.Equal(1, plan.Attempts);
        Assert.Equal(RoundEnd.Refused, plan.End(finished: false));
    }

    [Fact]
    public void For_SkippedProvider_IsLeftOutOfTheRound()
    {
        ConfiguredProvider[] providers = [.. Plan("a", "b").Providers];

        var plan = FailoverPlan.For(providers, name => name == "a", new Random(1));

        Assert.Equal(["b"], plan.Providers.Select(p => p.Name).ToArray());
    }
}
