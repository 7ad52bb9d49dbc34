using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Mailr.Grains.Providers;

namespace Mailr.Grains.ProviderHealth;

/// <summary>
/// This silo's cheap view of every provider's circuit. A message asks it before each call, without a
/// grain call in the healthy steady state: a closed, proven provider costs a field read, and its
/// successes are not reported. Failures, probes and the first success after failures go to the
/// provider's health grain, and the reply updates the view at once; other silos' changes arrive
/// through <see cref="IProviderHealthObserver"/> and <see cref="ProviderHealthRefresher"/>'s poll.
/// </summary>
public sealed partial class ProviderHealthView : IProviderHealthObserver
{
    private readonly Func<string, IProviderHealthGrain> _grain;
    private readonly TimeProvider _clock;
    private readonly ILogger<ProviderHealthView> _logger;
    private readonly bool _enabled;
    private readonly ConcurrentDictionary<string, LocalProviderHealth> _providers = new(StringComparer.Ordinal);

    public ProviderHealthView(
        Func<string, IProviderHealthGrain> grain, IEnumerable<string> providers, TimeProvider clock, IMeterFactory meters, ILogger<ProviderHealthView> logger, bool enabled = true)
    {
        (_grain, _clock, _logger, _enabled) = (grain, clock, logger, enabled);
        foreach (var name in providers)
        {
            Get(name);
        }

        Metrics = new ProviderHealthMetrics(this, meters);
    }

    public ProviderHealthMetrics Metrics { get; }

    public IEnumerable<LocalProviderHealth> Providers => _providers.Values;

    public DateTimeOffset Now => _clock.GetUtcNow();

    public LocalProviderHealth Get(string name) => _providers.GetOrAdd(name, n => new LocalProviderHealth(n, _clock.GetUtcNow()));

    /// <summary>Whether a plan should leave <paramref name="name"/> out (open before its probe is due, or disabled).</summary>
    public bool IsSkipped(string name)
    {
        var health = Get(name).Health;
        return _enabled && (health.State == CircuitState.Disabled || (health.State != CircuitState.Closed && !(health.ProbeAt <= Now)));
    }

    /// <summary>The earliest time one of <paramref name="names"/> that is open may be probed (none when all are disabled or closed).</summary>
    public DateTimeOffset? NextProbeAt(IEnumerable<string> names) =>
        names.Select(n => Get(n).Health).Where(h => h.State is CircuitState.Open or CircuitState.HalfOpen).Min(h => h.ProbeAt);

    /// <summary>
    /// Leave to call <paramref name="name"/> now, or null to skip it (its circuit is open and the probe is not
    /// ours). While the provider is in doubt on this silo (a failure seen since the last success), one call
    /// at a time goes through and the others wait their turn.
    /// </summary>
    public async ValueTask<HealthPermit?> EnterAsync(string name)
    {
        var provider = Get(name);
        var health = provider.Health;
        if (!_enabled || (health.State == CircuitState.Closed && provider.Proven))
        {
            return provider.Free;
        }

        if (health.State != CircuitState.Closed)
        {
            if (await TryProbeAsync(provider) is { } probe)
            {
                return probe;
            }

            // The grain's answer may show it closed already (its notification not here yet): then it is in rotation.
            return provider.Health.State == CircuitState.Closed ? await EnterAsync(name) : null;
        }

        // In doubt on this silo: the others queue behind the one call out instead of piling onto a
        // provider that may be dead; once its circuit opens they skip it.
        await provider.Gate.WaitAsync();

        if (provider.Health.State == CircuitState.Closed && !provider.Proven)
        {
            return new HealthPermit(provider, PermitKind.Gated);
        }

        provider.Gate.Release();
        return await EnterAsync(name);
    }

    /// <summary>Reports what the call made under <paramref name="permit"/> answered, when it matters.</summary>
    public async ValueTask ReportAsync(HealthPermit permit, OutcomeClass outcome)
    {
        if (!_enabled)
        {
            return;
        }

        var provider = permit.Provider;
        var healthy = ProviderCircuit.IsHealthy(outcome);
        switch (permit.Kind)
        {
            case PermitKind.Free when healthy:
                if (provider.Health.ConsecutiveFailures > 0 && provider.TryStartReset())
                {
                    // Another silo's failure streak is not consecutive any more.
                    try { await SendAsync(provider, outcome, probe: false); } finally { provider.EndReset(); }
                }

                return;
            case PermitKind.Free:
                provider.Proven = false;
                await SendAsync(provider, outcome, probe: false);
                return;
            case PermitKind.Gated:
                try
                {
                    if (!healthy || provider.Health.ConsecutiveFailures > 0)
                    {
                        await SendAsync(provider, outcome, probe: false);
                    }

                    provider.Proven = healthy;
                }
                finally
                {
                    provider.Gate.Release();
                }

                return;
            default:
                try { await SendAsync(provider, outcome, probe: true); } finally { provider.EndProbe(); }
                provider.Proven = healthy;
                return;
        }
    }

    /// <summary>Gives <paramref name="permit"/> back unused (the call was not made); an unreported probe is replaced after <c>OpenFor</c>.</summary>
    public void Abandon(HealthPermit permit)
    {
        if (permit.Kind == PermitKind.Gated)
        {
            permit.Provider.Gate.Release();
        }
        else if (permit.Kind == PermitKind.Probe)
        {
            permit.Provider.EndProbe();
        }
    }

    Task IProviderHealthObserver.ChangedAsync(CircuitSnapshot health)
    {
        Get(health.Name).Update(health);
        return Task.CompletedTask;
    }

    /// <summary>Renews this silo's subscription to every provider's grain and takes its current state (the poll).</summary>
    public async Task RefreshAsync(IProviderHealthObserver self, CancellationToken stopping)
    {
        foreach (var provider in _providers.Values)
        {
            try
            {
                provider.Update(await _grain(provider.Name).SubscribeAsync(self).WaitAsync(stopping));
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                LogUnreachable(e, provider.Name);
            }
        }
    }

    public async Task<CircuitSnapshot> SetDisabledAsync(string name, bool disabled)
    {
        var health = await _grain(name).SetDisabledAsync(disabled);
        Get(name).Update(health);
        return health;
    }

    private async ValueTask<HealthPermit?> TryProbeAsync(LocalProviderHealth provider)
    {
        if (!(provider.Health.ProbeAt <= Now) || provider.Health.State == CircuitState.Disabled || !provider.TryStartProbe())
        {
            return null;
        }

        try
        {
            var grant = await _grain(provider.Name).TryProbeAsync();
            provider.Update(grant.Health);
            if (grant.Granted)
            {
                return new HealthPermit(provider, PermitKind.Probe);
            }
        }
        catch (Exception e)
        {
            LogUnreachable(e, provider.Name);
        }

        provider.EndProbe();
        return null;
    }

    private async Task SendAsync(LocalProviderHealth provider, OutcomeClass outcome, bool probe)
    {
        try
        {
            provider.Update(await _grain(provider.Name).ReportAsync(outcome, probe));
        }
        catch (Exception e)
        {
            // Health is advice: a grain that cannot be reached never fails a message.
            LogUnreachable(e, provider.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Provider {Provider}: its health grain did not answer")]
    private partial void LogUnreachable(Exception exception, string provider);
}
