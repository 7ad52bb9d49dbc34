using Mailr.Grains.Hosting;

namespace Mailr.Grains.ProviderHealth;

/// <summary>
/// Every <see cref="Interval"/>, renews this silo's observer subscription to each provider's health grain
/// and takes its state: changes normally arrive through the observer at once, and this poll bounds how
/// stale a silo can be when a notification is lost (a grain moved, a silo restarted).
/// </summary>
internal sealed class ProviderHealthRefresher(ProviderHealthView view, IGrainFactory grains) : SiloLoop(Interval, runAtStart: true)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private IProviderHealthObserver? _self;

    protected override Task TickAsync(CancellationToken stopping)
    {
        _self ??= grains.CreateObjectReference<IProviderHealthObserver>(view);
        return view.RefreshAsync(_self, stopping);
    }
}
