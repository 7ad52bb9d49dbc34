using Mailr.Grains.Options;
using Mailr.Grains.ProviderHealth;

namespace Mailr.Tests.ProviderHealth;

/// <summary>The circuit of one provider on a fake clock: open, probe, close, re-open, disable.</summary>
public sealed class ProviderCircuitTests
{
    private static readonly ProviderHealthOptions Options = new() { FailuresToOpen = 3, OpenFor = TimeSpan.FromSeconds(30) };
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly ProviderCircuit _circuit;

    public ProviderCircuitTests() => _circuit = new("mg", Options, _clock.GetUtcNow());

    private CircuitState State => _circuit.Snapshot(_clock.GetUtcNow()).State;

    private void Fail(int times, OutcomeClass outcome = OutcomeClass.Retryable)
    {
        for (var i = 0; i < times; i++)
        {
            _circuit.Record(outcome, probe: false, _clock.GetUtcNow());
        }
    }

    [Fact]
    public void Record_FewerFailuresThanThreshold_StaysClosedAndCountsThem()
    {
        Fail(2, OutcomeClass.Ambiguous);

        var health = _circuit.Snapshot(_clock.GetUtcNow());
        Assert.Equal(CircuitState.Closed, health.State);
        Assert.Equal(2, health.ConsecutiveFailures);
    }

    [Fact]
    public void Record_ThresholdOfRetryableOrAmbiguous_Opens()
    {
        Fail(2);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Fail(1, OutcomeClass.Ambiguous);

        var health = _circuit.Snapshot(_clock.GetUtcNow());
        Assert.Equal(CircuitState.Open, health.State);
        Assert.Equal(_clock.GetUtcNow(), health.Since);
        Assert.Equal(_clock.GetUtcNow() + Options.OpenFor, health.ProbeAt);
    }

    [Fact]
    public void Record_SuccessBetweenFailures_ResetsTheStreak()
    {
        Fail(2);
        _circuit.Record(OutcomeClass.Sent, probe: false, _clock.GetUtcNow());
        Fail(2);

        Assert.Equal(CircuitState.Closed, State);
        Assert.Equal(2, _circuit.Snapshot(_clock.GetUtcNow()).ConsecutiveFailures);
    }

    [Fact]
    public void Record_Disabled_OpensAtOnce()
    {
        Fail(1, OutcomeClass.Disabled);

        Assert.Equal(CircuitState.Open, State);
    }

    [Fact]
    public void Record_PermanentRefusal_CountsAsAlive()
    {
        Fail(2);
        _circuit.Record(OutcomeClass.Permanent, probe: false, _clock.GetUtcNow());
        Fail(2);

        Assert.Equal(CircuitState.Closed, State);
    }

    [Fact]
    public void TryGrantProbe_BeforeOpenFor_RefusesAndAfterwardGrantsExactlyOne()
    {
        Fail(3);
        _clock.Advance(Options.OpenFor - TimeSpan.FromMilliseconds(1));
        Assert.False(_circuit.TryGrantProbe(_clock.GetUtcNow()));
        Assert.Equal(CircuitState.Open, State);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(CircuitState.HalfOpen, State);
        Assert.True(_circuit.TryGrantProbe(_clock.GetUtcNow()));
        Assert.False(_circuit.TryGrantProbe(_clock.GetUtcNow()));
        Assert.Equal(CircuitState.HalfOpen, State);
    }

    [Fact]
    public void Record_ProbeSucceeds_Closes()
    {
        Fail(3);
        _clock.Advance(Options.OpenFor);
        Assert.True(_circuit.TryGrantProbe(_clock.GetUtcNow()));

        _circuit.Record(OutcomeClass.Sent, probe: true, _clock.GetUtcNow());

        var health = _circuit.Snapshot(_clock.GetUtcNow());
        Assert.Equal(CircuitState.Closed, health.State);
        Assert.Equal(0, health.ConsecutiveFailures);
        Assert.Equal(_clock.GetUtcNow(), health.Since);
    }

    [Fact]
    public void Record_ProbeFails_OpensAgainForAnotherOpenFor()
    {
        Fail(3);
        _clock.Advance(Options.OpenFor);
        Assert.True(_circuit.TryGrantProbe(_clock.GetUtcNow()));

        _circuit.Record(OutcomeClass.Retryable, probe: true, _clock.GetUtcNow());

        Assert.Equal(CircuitState.Open, State);
        Assert.False(_circuit.TryGrantProbe(_clock.GetUtcNow()));
        _clock.Advance(Options.OpenFor);
        Assert.True(_circuit.TryGrantProbe(_clock.GetUtcNow()));
    }

    [Fact]
    public void Record_LateFailureWhileOpen_DoesNotExtendTheOpening()
    {
        Fail(3);
        var openedAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromSeconds(10));

        Fail(5);

        Assert.Equal(openedAt, _circuit.Snapshot(_clock.GetUtcNow()).Since);
    }

    [Fact]
    public void TryGrantProbe_ProbeNeverReports_GrantsAnotherAfterOpenFor()
    {
        Fail(3);
        _clock.Advance(Options.OpenFor);
        Assert.True(_circuit.TryGrantProbe(_clock.GetUtcNow()));

        _clock.Advance(Options.OpenFor);

        Assert.True(_circuit.TryGrantProbe(_clock.GetUtcNow()));
    }

    [Fact]
    public void SetDisabled_OverridesOutcomesUntilEnabled()
    {
        var disabledAt = _clock.GetUtcNow();
        _circuit.SetDisabled(disabledAt, disabledAt);
        _clock.Advance(TimeSpan.FromMinutes(5));
        _circuit.Record(OutcomeClass.Sent, probe: false, _clock.GetUtcNow());

        var health = _circuit.Snapshot(_clock.GetUtcNow());
        Assert.Equal(CircuitState.Disabled, health.State);
        Assert.Equal(disabledAt, health.Since);
        Assert.False(_circuit.TryGrantProbe(_clock.GetUtcNow()));

        _circuit.SetDisabled(null, _clock.GetUtcNow());
        Assert.Equal(CircuitState.Closed, State);
        Assert.Equal(0, _circuit.Snapshot(_clock.GetUtcNow()).ConsecutiveFailures);
    }

    [Fact]
    public void Snapshot_EveryChange_RaisesTheVersion()
    {
        var versions = new List<long> { _circuit.Snapshot(_clock.GetUtcNow()).Version };
        Fail(1);
        versions.Add(_circuit.Snapshot(_clock.GetUtcNow()).Version);
        Fail(2);
        versions.Add(_circuit.Snapshot(_clock.GetUtcNow()).Version);
        _circuit.SetDisabled(_clock.GetUtcNow(), _clock.GetUtcNow());
        versions.Add(_circuit.Snapshot(_clock.GetUtcNow()).Version);

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }
}
