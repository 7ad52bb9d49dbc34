using Mailr.Grains.Providers;

namespace Mailr.Grains.Delivery;

/// <summary>
/// One round's way through the providers, and the failover table in one place. Providers are grouped by
/// priority (unset: their index in the list), lower first; within a group they come in a weighted random
/// order, so a provider of weight 3 is first three times as often as one of weight 1. Providers whose
/// circuit is open or disabled are left out: skipping one is not an attempt. Each answer then decides the
/// round's next step (see <see cref="Next"/>) and, at its end, what follows it (see <see cref="End"/>).
/// </summary>
internal sealed class FailoverPlan(IReadOnlyList<ConfiguredProvider> providers)
{
    private int _index;
    private bool _stopped;
    private bool _retryable;

    public IReadOnlyList<ConfiguredProvider> Providers { get; } = providers;

    /// <summary>A round that repeats one request that is safe to repeat (see <see cref="Repeat"/>).</summary>
    public bool IsRepeat { get; private init; }

    /// <summary>How many providers were called in this round (skipped ones are not calls).</summary>
    public int Attempts { get; private set; }

    /// <summary>The provider to try now; null once the round is over.</summary>
    public ConfiguredProvider? Current => !_stopped && _index < Providers.Count ? Providers[_index] : null;

    /// <summary>A round over <paramref name="providers"/> without those <paramref name="skipped"/> leaves out.</summary>
    public static FailoverPlan For(IReadOnlyList<ConfiguredProvider> providers, Func<string, bool> skipped, Random random) =>
        new(Order(providers, skipped, random));

    /// <summary>A round of <paramref name="provider"/> only: the repeat of a request whose answer was lost and that is safe to repeat (Resend's Idempotency-Key).</summary>
    public static FailoverPlan Repeat(ConfiguredProvider provider) => new([provider]) { IsRepeat = true };

    /// <summary>
    /// The current provider let no call through (its circuit opened meanwhile, or a call to it is out while it
    /// is in doubt): not an attempt. Returns the provider to try next, or null when the round is over.
    /// </summary>
    public ConfiguredProvider? Skip()
    {
        _index++;
        return Current;
    }

    /// <summary>
    /// Records the current provider's answer and returns the provider to try next, or null when the round is
    /// over. Retryable and Disabled fail over at once, and another round may succeed; Permanent fails over at
    /// once, but this provider will never take it; Ambiguous ends the round, because the provider may have
    /// sent it and another one now could send a duplicate; Sent ends it, with another round only for the
    /// recipients it <paramref name="deferred"/>, unless it refused some recipients for reasons of its own: those
    /// are <paramref name="passedOn"/> to the next provider, alone.
    /// </summary>
    public ConfiguredProvider? Next(ProviderResult result) =>
        Next(result.Outcome, deferred: result.Deferred.Count > 0, passedOn: result.Rejected.Any(r => r.Kind == RefusalKind.Provider));

    /// <inheritdoc cref="Next(ProviderResult)"/>
    public ConfiguredProvider? Next(OutcomeClass outcome, bool deferred = false, bool passedOn = false)
    {
        Attempts++;
        _index++;
        switch (outcome)
        {
            case OutcomeClass.Retryable or OutcomeClass.Disabled:
                _retryable = true;
                break;
            case OutcomeClass.Permanent:
                break;
            case OutcomeClass.Sent:
                _retryable |= deferred;
                _stopped = !passedOn;
                break;
            default:
                _retryable = true;
                _stopped = true;
                break;
        }

        return Current;
    }

    /// <summary>How the round ended; <paramref name="finished"/> says every recipient is now sent or failed.</summary>
    public RoundEnd End(bool finished) =>
        finished ? RoundEnd.Finished
        : Attempts == 0 ? RoundEnd.Skipped
        : _retryable ? RoundEnd.Retry
        : RoundEnd.Refused;

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
