namespace Mailr.Grains.ProviderHealth;

/// <summary>How a call was let through to a provider; decides what its outcome is reported as.</summary>
public enum PermitKind
{
    /// <summary>Healthy and proven on this silo: nothing is reported unless the call fails.</summary>
    Free,

    /// <summary>Closed, but this silo has seen a failure (or nothing yet) since its last success: one call at a time.</summary>
    Gated,

    /// <summary>The one probe of a half-open circuit, granted by the health grain.</summary>
    Probe,
}

/// <summary>Leave to call one provider once; handed back with the outcome to <see cref="ProviderHealthView.ReportAsync"/>.</summary>
public sealed class HealthPermit(LocalProviderHealth provider, PermitKind kind)
{
    public LocalProviderHealth Provider { get; } = provider;

    public PermitKind Kind { get; } = kind;
}
