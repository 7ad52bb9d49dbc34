using Mailr.Grains.Options;
using Mailr.Grains.Providers;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Utilities;

namespace Mailr.Grains.ProviderHealth;

/// <summary>
/// The cluster's one circuit for a provider. Silos report only the outcomes that matter and learn the
/// new state from the reply; every other silo hears of a change through its observer (subscriptions
/// are renewed by <see cref="ProviderHealthView"/>'s loop, which also polls as the backstop).
/// </summary>
internal sealed partial class ProviderHealthGrain(
    [PersistentState(GrainNames.ProviderHealthState, GrainNames.ProviderHealthStorage)] IPersistentState<ProviderHealthState> state,
    IOptions<MailrOptions> options,
    [FromKeyedServices(GrainNames.Clock)] TimeProvider clock,
    ILogger<ProviderHealthGrain> logger) : Grain, IProviderHealthGrain
{
    /// <summary>A subscription not renewed for this long is dropped (Orleans observers are not durable).</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(30);

    private readonly ObserverManager<IProviderHealthObserver> _observers = new(SubscriptionLifetime, logger) { GetDateTime = () => clock.GetUtcNow().UtcDateTime };
    private ProviderCircuit _circuit = null!;

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _circuit = new ProviderCircuit(Name, options.Value.ProviderHealth, clock.GetUtcNow());
        if (state.State.DisabledSince is { } since)
        {
            _circuit.SetDisabled(since, clock.GetUtcNow());
        }

        return Task.CompletedTask;
    }

    public Task<CircuitSnapshot> GetAsync() => Task.FromResult(_circuit.Snapshot(clock.GetUtcNow()));

    public Task<CircuitSnapshot> ReportAsync(OutcomeClass outcome, bool probe) =>
        Task.FromResult(Change(now => _circuit.Record(outcome, probe, now)));

    public Task<ProbeGrant> TryProbeAsync()
    {
        var granted = false;
        var health = Change(now => granted = _circuit.TryGrantProbe(now));
        if (granted)
        {
            LogProbeGranted(Name);
        }

        return Task.FromResult(new ProbeGrant(granted, health));
    }

    public async Task<CircuitSnapshot> SetDisabledAsync(bool disabled)
    {
        var now = clock.GetUtcNow();
        var since = disabled ? _circuit.Snapshot(now) is { State: CircuitState.Disabled } current ? current.Since : now : (DateTimeOffset?)null;
        // Nothing is kept for a provider in rotation: enabling deletes the state.
        state.State = new() { DisabledSince = since };
        await (since is null ? state.ClearStateAsync() : state.WriteStateAsync());
        return Change(now => _circuit.SetDisabled(since, now));
    }

    public Task<CircuitSnapshot> SubscribeAsync(IProviderHealthObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return GetAsync();
    }

    private CircuitSnapshot Change(Action<DateTimeOffset> change)
    {
        var now = clock.GetUtcNow();
        var before = _circuit.Snapshot(now);
        change(now);
        var after = _circuit.Snapshot(now);
        if (after.Version == before.Version)
        {
            return after;
        }

        if (after.State != before.State)
        {
            LogStateChanged(Name, before.State, after.State, after.ConsecutiveFailures);
        }

        _observers.Notify(observer => observer.ChangedAsync(after).Ignore());

        return after;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider}: circuit {OldState} -> {NewState} ({Failures} consecutive failures)")]
    private partial void LogStateChanged(string provider, CircuitState oldState, CircuitState newState, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider {Provider}: half-open, one probe send granted")]
    private partial void LogProbeGranted(string provider);
}
