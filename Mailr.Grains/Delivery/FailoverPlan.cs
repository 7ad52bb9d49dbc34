using Mailr.Grains.Providers;

namespace Mailr.Grains.Delivery;

/// <summary>
/// The order in which one round tries the providers. Providers are grouped by priority (unset: their
/// index in the list), lower first; within a group they come in a weighted random order, so a provider
/// of weight 3 is first three times as often as one of weight 1. Providers whose circuit is open or
/// disabled are left out: skipping one is not an attempt.
/// </summary>
public static class FailoverPlan
{
    public static List<ConfiguredProvider> Order(IReadOnlyList<ConfiguredProvider> providers, Func<string, bool> skipped, Random random)
    {
        var groups = new SortedDictionary<int, List<ConfiguredProvider>>();
        for (var i = 0; i < providers.Count; i++)
        {
            var provider = providers[i];
            if (skipped(provider.Name))
            {
                continue;
            }

            var priority = provider.Priority ?? i;
            if (!groups.TryGetValue(priority, out var group))
            {
                groups[priority] = group = [];
            }

            group.Add(provider);
        }

        var plan = new List<ConfiguredProvider>(providers.Count);
        foreach (var group in groups.Values)
        {
            Shuffle(group, random);
            plan.AddRange(group);
        }

        return plan;
    }

    /// <summary>A weighted random order without replacement: each pick is in proportion to the weights still left.</summary>
    private static void Shuffle(List<ConfiguredProvider> group, Random random)
    {
        for (var start = 0; start < group.Count - 1; start++)
        {
            var total = 0L;
            for (var i = start; i < group.Count; i++)
            {
                total += Math.Max(group[i].Weight, 1);
            }

            var pick = random.NextInt64(total);
            var chosen = start;
            while (pick >= Math.Max(group[chosen].Weight, 1))
            {
                pick -= Math.Max(group[chosen].Weight, 1);
                chosen++;
            }

            (group[start], group[chosen]) = (group[chosen], group[start]);
        }
    }
}
