using Mailr.Grains.Delivery;

namespace Mailr.Tests.Delivery;

/// <summary>The order of providers in one round: priority groups, weighted order inside a group, skipped circuits.</summary>
public sealed class FailoverPlanTests
{
    private static ConfiguredProvider Provider(string name, int? priority = null, int weight = 1) =>
        new(new ScriptedEmailProvider(name, new CallLog()), TimeSpan.FromSeconds(10), priority, weight);

    private static string[] Names(IEnumerable<ConfiguredProvider> plan) => [.. plan.Select(p => p.Name)];

    [Fact]
    public void Order_NoPriorities_KeepsTheListOrder()
    {
        ConfiguredProvider[] providers = [Provider("a"), Provider("b"), Provider("c")];

        var plan = FailoverPlan.Order(providers, _ => false, new Random(1));

        Assert.Equal(["a", "b", "c"], Names(plan));
    }

    [Fact]
    public void Order_Priorities_LowerGroupComesFirst()
    {
        ConfiguredProvider[] providers = [Provider("late", priority: 5), Provider("early", priority: 0), Provider("middle", priority: 2)];

        var plan = FailoverPlan.Order(providers, _ => false, new Random(1));

        Assert.Equal(["early", "middle", "late"], Names(plan));
    }

    [Fact]
    public void Order_SkippedProviders_AreLeftOut()
    {
        ConfiguredProvider[] providers = [Provider("a"), Provider("b"), Provider("c")];

        var plan = FailoverPlan.Order(providers, name => name is "a" or "c", new Random(1));

        Assert.Equal(["b"], Names(plan));
    }

    [Fact]
    public void Order_AllSkipped_IsEmpty()
    {
        ConfiguredProvider[] providers = [Provider("a"), Provider("b")];

        Assert.Empty(FailoverPlan.Order(providers, _ => true, new Random(1)));
    }

    [Fact]
    public void Order_WeightsInOneGroup_FirstPlaceInProportionToWeight()
    {
        ConfiguredProvider[] providers = [Provider("heavy", 0, weight: 3), Provider("light", 0, weight: 1), Provider("backup", 1)];
        var random = new Random(42);
        var firsts = new Dictionary<string, int> { ["heavy"] = 0, ["light"] = 0 };
        const int Rounds = 20_000;

        for (var i = 0; i < Rounds; i++)
        {
            var plan = FailoverPlan.Order(providers, _ => false, random);
            Assert.Equal(3, plan.Count);
            Assert.Equal("backup", plan[2].Name);
            firsts[plan[0].Name]++;
        }

        // Expected 75 % heavy; 20,000 draws put the standard deviation near 0.3 %.
        Assert.InRange(firsts["heavy"] / (double)Rounds, 0.73, 0.77);
    }

    [Fact]
    public void Order_WeightedGroupWithOneSkipped_OthersStillAllPresent()
    {
        ConfiguredProvider[] providers = [Provider("a", 0, 5), Provider("b", 0, 1), Provider("c", 0, 1)];

        var plan = FailoverPlan.Order(providers, name => name == "a", new Random(7));

        Assert.Equal(["b", "c"], Names(plan).Order());
    }
}
