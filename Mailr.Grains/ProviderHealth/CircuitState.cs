namespace Mailr.Grains.ProviderHealth;

/// <summary>Where a provider's circuit stands, as <c>GET /providers</c> shows it.</summary>
public enum CircuitState
{
    /// <summary>In rotation.</summary>
    Closed,

    /// <summary>Skipped by every silo until its probe is due.</summary>
    Open,

    /// <summary>The probe is due or out: one real send decides whether it closes or opens again.</summary>
    HalfOpen,

    /// <summary>Taken out of rotation by an operator until enabled again.</summary>
    Disabled,
}
