using Mailr.Grains.Providers;

namespace Mailr.Grains.ProviderHealth;

/// <summary>One provider's circuit for the whole cluster, keyed by the provider's configured name.</summary>
[Alias("mailr.provider-health-grain")]
public interface IProviderHealthGrain : IGrainWithStringKey
{
    [Alias("get")]
    Task<CircuitSnapshot> GetAsync();

    /// <summary>Records an outcome that matters (a failure, a probe's result, a success after failures) and answers the new state.</summary>
    [Alias("report")]
    Task<CircuitSnapshot> ReportAsync(OutcomeClass outcome, bool probe);

    /// <summary>Asks for the one probe of a half-open circuit; at most one caller gets <c>true</c> per probe.</summary>
    [Alias("try-probe")]
    Task<ProbeGrant> TryProbeAsync();

    /// <summary>The operator's switch; kept in grain storage so it outlives this grain's silo.</summary>
    [Alias("set-disabled")]
    Task<CircuitSnapshot> SetDisabledAsync(bool disabled);

    /// <summary>Subscribes (again) a silo's view to changes and answers the current state; subscriptions expire unless renewed.</summary>
    [Alias("subscribe")]
    Task<CircuitSnapshot> SubscribeAsync(IProviderHealthObserver observer);
}

/// <summary>Whether the caller got the probe, and the state after asking.</summary>
[GenerateSerializer, Immutable, Alias("mailr.probe-grant")]
public sealed record ProbeGrant([property: Id(0)] bool Granted, [property: Id(1)] CircuitSnapshot Health);
