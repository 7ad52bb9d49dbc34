using Mailr.Grains.Delivery;
using Mailr.Grains.ProviderHealth;
using Mailr.Grains.Providers;

namespace Mailr.Grains.Messages;

/// <summary>
/// The providers as one message's rounds see them through this silo's health view: each round's plan, leave
/// for each call, and the report of its answer. Every provider left out or refused leave counts as skipped.
/// </summary>
internal sealed class ProviderDispatcher(ProviderRegistry providers, ProviderHealthView health)
{
    /// <summary>The providers of one round in order, without those whose circuit is open or disabled.</summary>
    public FailoverPlan Plan() => FailoverPlan.For(providers.Providers, name =>
    {
        var skipped = health.IsSkipped(name);
        if (skipped)
        {
            health.Metrics.Skipped(name);
        }

        return skipped;
    }, Random.Shared);

    /// <summary>A round of one provider only: the repeat of a request that is safe to repeat (Resend's Idempotency-Key).</summary>
    public FailoverPlan Repeat(ConfiguredProvider provider) => FailoverPlan.Repeat(provider);

    /// <summary>The provider by its configured name, or null when the configuration no longer has it.</summary>
    public ConfiguredProvider? Find(string name) => providers.Find(name);

    /// <summary>Leave to call <paramref name="provider"/> now, or null to skip it (see <see cref="ProviderHealthView.EnterAsync"/>).</summary>
    public async ValueTask<HealthPermit?> EnterAsync(ConfiguredProvider provider)
    {
        var permit = await health.EnterAsync(provider.Name);
        if (permit is null)
        {
            health.Metrics.Skipped(provider.Name);
        }

        return permit;
    }

    /// <summary>Makes the call <paramref name="permit"/> allows and reports its answer to the provider's circuit.</summary>
    public async Task<ProviderResult> CallAsync(ConfiguredProvider provider, HealthPermit permit, OutgoingEmail email)
    {
        var result = await ProviderCall.InvokeAsync(provider, email, CancellationToken.None);
        await health.ReportAsync(permit, result.Outcome);
        return result;
    }

    /// <summary>Gives <paramref name="permit"/> back: the call was not made.</summary>
    public void Abandon(HealthPermit permit) => health.Abandon(permit);

    /// <summary>The earliest probe due among the providers whose circuit is open.</summary>
    public DateTimeOffset? NextProbeAt() => health.NextProbeAt(providers.Providers.Select(p => p.Name));
}
