using Orleans.Concurrency;

namespace Mailr.Grains.ProviderHealth;

/// <summary>A silo's local view, told by a provider's health grain about every change.</summary>
[Alias("mailr.provider-health-observer")]
public interface IProviderHealthObserver : IGrainObserver
{
    [OneWay, Alias("changed")]
    Task ChangedAsync(CircuitSnapshot health);
}
