namespace Mailr.Grains.ProviderHealth;

/// <summary>
/// What a provider's health grain keeps in grain storage: only the operator's disable. The circuit is not kept:
/// a new activation starts closed and the next failures open it again.
/// </summary>
[GenerateSerializer, Alias("mailr.provider-health-state")]
internal sealed record ProviderHealthState
{
    /// <summary>When an operator took the provider out of rotation; null while it is in rotation.</summary>
    [Id(0)]
    public DateTimeOffset? DisabledSince { get; init; }
}
