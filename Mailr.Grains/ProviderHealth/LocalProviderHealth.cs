namespace Mailr.Grains.ProviderHealth;

/// <summary>One silo's copy of one provider's circuit, plus the local gate that bounds calls while it is in doubt.</summary>
public sealed class LocalProviderHealth
{
    private CircuitSnapshot _health;
    private int _probing;
    private int _resetting;

    public LocalProviderHealth(string name, DateTimeOffset now)
    {
        _health = CircuitSnapshot.Unknown(name, now);
        Free = new HealthPermit(this, PermitKind.Free);
    }

    public string Name => _health.Name;

    public CircuitSnapshot Health => Volatile.Read(ref _health);

    /// <summary>
    /// This silo has seen the provider answer healthily and no failure since. False at start: until a silo has
    /// seen one answer, it lets one call at a time through, so that a provider dead from the start costs each
    /// silo one call at a time (not every message that arrives before the first failure comes back).
    /// </summary>
    public volatile bool Proven;

    /// <summary>One call at a time while the provider is not <see cref="Proven"/>.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public HealthPermit Free { get; }

    /// <summary>Keeps <paramref name="health"/> unless what is held is newer; true when it changed.</summary>
    public bool Update(CircuitSnapshot health)
    {
        while (true)
        {
            var current = Volatile.Read(ref _health);
            if (health.Version <= current.Version && current.Version != long.MinValue)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _health, health, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Only one message on this silo asks the grain for the probe at a time.</summary>
    public bool TryStartProbe() => Interlocked.CompareExchange(ref _probing, 1, 0) == 0;

    public void EndProbe() => Volatile.Write(ref _probing, 0);

    /// <summary>Only one success at a time is reported to clear another silo's failure streak.</summary>
    public bool TryStartReset() => Interlocked.CompareExchange(ref _resetting, 1, 0) == 0;

    public void EndReset() => Volatile.Write(ref _resetting, 0);
}
