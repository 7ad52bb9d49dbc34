using System.Diagnostics.Metrics;
using Mailr.Grains.Telemetry;

namespace Mailr.Grains.ProviderHealth;

/// <summary>
/// The circuits on Mailr's meter: <c>mailr.provider.state{provider,state}</c> (1 for the state this silo
/// sees, 0 for the others) and <c>mailr.provider.skipped{provider}</c> (calls not made because of it).
/// </summary>
public sealed class ProviderHealthMetrics
{
    private static readonly CircuitState[] s_states = Enum.GetValues<CircuitState>();

    private readonly Counter<long> _skipped;

    public ProviderHealthMetrics(ProviderHealthView view, IMeterFactory meters)
    {
        Meter = meters.Create(DeliveryMetrics.MeterName);
        _skipped = Meter.CreateCounter<long>("mailr.provider.skipped", "{attempt}", "Provider calls skipped because its circuit was open, disabled or in doubt.");
        Meter.CreateObservableGauge("mailr.provider.state", () => Observe(view), "{state}", "1 for each provider's current circuit state on this silo, 0 for the others.");
    }

    /// <summary>This silo's <c>Mailr</c> meter (one per service provider), so that a test can tell it from another cluster's in the same process.</summary>
    internal Meter Meter { get; }

    public static string Label(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half-open",
        _ => "disabled",
    };

    public void Skipped(string provider) => _skipped.Add(1, new KeyValuePair<string, object?>("provider", provider));

    private static IEnumerable<Measurement<int>> Observe(ProviderHealthView view)
    {
        var now = view.Now;
        foreach (var provider in view.Providers)
        {
            var state = provider.Health.StateAt(now);
            foreach (var candidate in s_states)
            {
                yield return new(candidate == state ? 1 : 0, new("provider", provider.Name), new("state", Label(candidate)));
            }
        }
    }
}
