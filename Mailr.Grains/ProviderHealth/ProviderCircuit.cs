using Mailr.Grains.Options;
using Mailr.Grains.Providers;

namespace Mailr.Grains.ProviderHealth;

/// <summary>
/// One provider's circuit, pure and clock-driven. Closed: it opens after
/// <see cref="ProviderHealthOptions.FailuresToOpen"/> retryable or ambiguous outcomes in a row, or at
/// once on a disabling one. Open: after <see cref="ProviderHealthOptions.OpenFor"/> exactly one probe is
/// granted (half-open); its success closes the circuit, its failure opens it again. A probe that never
/// reports (its silo died) is replaced after another <c>OpenFor</c>. An operator's disable overrides all.
/// </summary>
internal sealed class ProviderCircuit(string name, ProviderHealthOptions options, DateTimeOffset now)
{
    private CircuitState _state = CircuitState.Closed;
    private DateTimeOffset _since = now;
    private int _failures;
    private DateTimeOffset? _probeGrantedAt;
    private DateTimeOffset? _disabledSince;
    private long _version = now.UtcTicks;

    public static bool IsHealthy(OutcomeClass outcome) => outcome is OutcomeClass.Sent or OutcomeClass.Permanent;

    public CircuitSnapshot Snapshot(DateTimeOffset now)
    {
        if (_disabledSince is { } disabled)
        {
            return new(name, CircuitState.Disabled, disabled, _failures, null, _version);
        }

        var probeAt = _state switch
        {
            CircuitState.Open => _since + options.OpenFor,
            CircuitState.HalfOpen => _probeGrantedAt!.Value + options.OpenFor,
            _ => (DateTimeOffset?)null,
        };
        var health = new CircuitSnapshot(name, _state, _since, _failures, probeAt, _version);
        return health.StateAt(now) == _state ? health : health with { State = CircuitState.HalfOpen, Since = probeAt!.Value };
    }

    /// <summary>Records one call's outcome; <paramref name="probe"/> when it was the granted probe.</summary>
    public void Record(OutcomeClass outcome, bool probe, DateTimeOffset now)
    {
        if (_disabledSince is not null)
        {
            return;
        }

        if (IsHealthy(outcome))
        {
            // A provider that answers, even with a refusal of one message, is alive.
            if (_state != CircuitState.Closed || _failures != 0)
            {
                Move(CircuitState.Closed, now);
                _failures = 0;
            }

            return;
        }

        if (_state != CircuitState.Closed && !probe)
        {
            // A call that started before the circuit opened: it tells nothing new.
            return;
        }

        _failures++;
        if (probe || outcome == OutcomeClass.Disabled || _failures >= options.FailuresToOpen)
        {
            Move(CircuitState.Open, now);
        }
        else
        {
            _version++;
        }
    }

    /// <summary>Grants the one probe when it is due: the first caller after <c>OpenFor</c> gets it, the others do not.</summary>
    public bool TryGrantProbe(DateTimeOffset now)
    {
        if (_disabledSince is not null || _state == CircuitState.Closed || Snapshot(now).ProbeAt > now)
        {
            return false;
        }

        Move(CircuitState.HalfOpen, now);
        _probeGrantedAt = now;
        return true;
    }

    public void SetDisabled(DateTimeOffset? since, DateTimeOffset now)
    {
        if (since is null && _disabledSince is not null)
        {
            // Back in rotation with a clean slate.
            Move(CircuitState.Closed, now);
            _failures = 0;
        }

        _disabledSince = since is null ? null : _disabledSince ?? since;
        _version++;
    }

    private void Move(CircuitState state, DateTimeOffset now)
    {
        (_state, _since) = (state, now);
        _version++;
    }
}
