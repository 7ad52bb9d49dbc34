namespace Mailr.Grains.ProviderHealth;

/// <summary>One provider's circuit as its health grain sees it: what every silo's local view copies.</summary>
/// <param name="State">The state to act on; <see cref="CircuitState.HalfOpen"/> once the probe is due.</param>
/// <param name="Since">When the circuit entered <paramref name="State"/>.</param>
/// <param name="ConsecutiveFailures">Retryable or ambiguous outcomes in a row, cluster-wide.</param>
/// <param name="ProbeAt">While open or half-open: from when a probe may be granted.</param>
/// <param name="Version">Grows with every change, so an older copy never overwrites a newer one.</param>
// The alias predates the type's name: silos of an older build send it under this one.
[GenerateSerializer, Immutable, Alias("mailr.provider-health")]
public sealed record CircuitSnapshot(
    [property: Id(0)] string Name,
    [property: Id(1)] CircuitState State,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] int ConsecutiveFailures,
    [property: Id(4)] DateTimeOffset? ProbeAt,
    [property: Id(5)] long Version)
{
    /// <summary>What a silo assumes before it has heard from the grain.</summary>
    public static CircuitSnapshot Unknown(string name, DateTimeOffset now) => new(name, CircuitState.Closed, now, 0, null, long.MinValue);

    /// <summary>The state shown to operators at <paramref name="now"/>: an open circuit whose probe is due reads half-open.</summary>
    public CircuitState StateAt(DateTimeOffset now) =>
        State == CircuitState.Open && ProbeAt <= now ? CircuitState.HalfOpen : State;
}
