using Mailr.Grains.ProviderHealth;
using Orleans.Core.Internal;

namespace Mailr.Tests.ProviderHealth;

/// <summary>Circuits in a running cluster: they open on failures, skip without attempts, probe, close, and never fail a message.</summary>
public sealed class ProviderHealthClusterTests(HealthClusterFixture fixture) : IClassFixture<HealthClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Deliver_PrimaryKeepsFailing_OpensAfterThresholdAndLaterMessagesSkipItWithoutAnAttempt()
    {
        fixture.Primary.ScriptDefault(ScriptedEmailProvider.Answer(new ProviderResult(OutcomeClass.Retryable, null, "503", [])));
        using var metrics = new ProviderMetricsListener(fixture.View.Metrics);
        var ids = new List<string>();

        for (var i = 0; i < 6; i++)
        {
            var id = MessageId.New();
            ids.Add(id);
            await fixture.Grain(id).AcceptAsync(TestMessages.Create());
            Assert.Equal(DeliveryStatus.Sent, Assert.Single(await fixture.Recorder.WaitFinishedAsync(id)).Status);
        }

        Assert.Equal(HealthClusterFixture.FailuresToOpen, ids.Sum(id => fixture.Calls.ProvidersFor(id).Count(p => p == "primary")));
        Assert.All(ids.Skip(HealthClusterFixture.FailuresToOpen), id => Assert.Equal(["secondary"], fixture.Calls.ProvidersFor(id)));
        Assert.All(ids.Skip(HealthClusterFixture.FailuresToOpen), id => Assert.Equal([OutcomeClass.Sent], fixture.Recorder.AttemptsFor(id).Select(a => a.Outcome)));
        Assert.Equal(CircuitState.Open, (await fixture.Health("primary").GetAsync()).State);
        Assert.Equal(6 - HealthClusterFixture.FailuresToOpen, metrics.Skipped("primary"));
        Assert.Equal("open", metrics.States()["primary"]);
        Assert.Equal("closed", metrics.States()["secondary"]);
        Assert.Contains(fixture.Logs.Entries, e => e.Contains("Provider primary: circuit Closed -> Open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deliver_DisablingOutcome_OpensAtOnce()
    {
        fixture.Primary.ScriptDefault(ScriptedEmailProvider.Answer(ProviderResult.Disabled("401 bad key")));
        var first = MessageId.New();
        var second = MessageId.New();

        await fixture.Grain(first).AcceptAsync(TestMessages.Create());
        await fixture.Recorder.WaitFinishedAsync(first);
        await fixture.Grain(second).AcceptAsync(TestMessages.Create());
        await fixture.Recorder.WaitFinishedAsync(second);

        Assert.Equal(["primary", "secondary"], fixture.Calls.ProvidersFor(first));
        Assert.Equal(["secondary"], fixture.Calls.ProvidersFor(second));
        Assert.Equal(CircuitState.Open, (await fixture.Health("primary").GetAsync()).State);
    }

    [Fact]
    public async Task Deliver_PrimaryHealsWhileOpen_ProbeAfterOpenForClosesItAndItIsBackInRotation()
    {
        fixture.Primary.ScriptDefault(ScriptedEmailProvider.Answer(ProviderResult.Disabled("quota")));
        await SendAsync();
        fixture.Primary.ScriptDefault(ScriptedEmailProvider.Answer(ProviderResult.Sent("healed")));

        await fixture.FakeClock.AdvanceAsync(HealthClusterFixture.OpenFor - TimeSpan.FromMilliseconds(1));
        var justBeforeProbe = await SendAsync();
        await fixture.FakeClock.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        var probe = await SendAsync();
        var afterProbe = await SendAsync();

        Assert.Equal(["secondary"], fixture.Calls.ProvidersFor(justBeforeProbe));
        Assert.Equal(["primary"], fixture.Calls.ProvidersFor(probe));
        Assert.Equal(["primary"], fixture.Calls.ProvidersFor(afterProbe));
        Assert.Equal(CircuitState.Closed, (await fixture.Health("primary").GetAsync()).State);
        Assert.Equal(CircuitState.Closed, fixture.View.Get("primary").Health.State);
    }

    [Fact]
    public async Task Deliver_EveryProviderDisabled_WaitsWithoutUsingItsRetriesAndSendsOnceEnabled()
    {
        foreach (var name in new[] { "primary", "secondary", "tertiary" })
        {
            await fixture.View.SetDisabledAsync(name, true);
        }

        using var metrics = new ProviderMetricsListener(fixture.View.Metrics);
        var id = MessageId.New();
        var start = fixture.FakeClock.GetUtcNow();
        var retryDelay = TimeSpan.FromSeconds(1);

        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        // Four skipped rounds: twice the message's whole budget (its first round and one retry).
        for (var round = 1; round <= 3; round++)
        {
            await fixture.FakeClock.WhenArmedAsync(id, start + round * retryDelay);
            await fixture.FakeClock.AdvanceAsync(retryDelay);
        }

        await fixture.FakeClock.WhenArmedAsync(id, start + 4 * retryDelay);
        await metrics.SkippedAtLeastAsync("tertiary", 4).WaitAsync(s_wait);
        var waiting = await fixture.Grain(id).GetStatusAsync("nishant@example.com");
        await fixture.View.SetDisabledAsync("secondary", false);
        await fixture.FakeClock.AdvanceAsync(retryDelay);
        var recipients = await fixture.Recorder.WaitFinishedAsync(id);

        Assert.Equal(DeliveryStatus.Accepted, waiting);
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(recipients).Status);
        Assert.Equal(["secondary"], fixture.Calls.ProvidersFor(id));
        Assert.Equal([start + 4 * retryDelay], fixture.Calls.For(id).Select(c => c.At));
        Assert.Equal([OutcomeClass.Sent], fixture.Recorder.AttemptsFor(id).Select(a => a.Outcome));
    }

    [Fact]
    public async Task SetDisabled_HealthGrainReactivated_StaysDisabledFromItsGrainState()
    {
        await fixture.Health("tertiary").SetDisabledAsync(true);

        await fixture.Health("tertiary").AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var after = await fixture.Health("tertiary").GetAsync();

        Assert.Equal(CircuitState.Disabled, after.State);
        Assert.Contains(fixture.Logs.Entries, e => e.Contains("Provider tertiary: circuit Closed -> Disabled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetDisabled_ObserverSubscribed_ToldTheNewState()
    {
        var observer = new SignalingObserver("secondary", CircuitState.Disabled);
        var reference = fixture.Grains.CreateObjectReference<IProviderHealthObserver>(observer);
        await fixture.Health("secondary").SubscribeAsync(reference);

        var changed = await fixture.Health("secondary").SetDisabledAsync(true);
        var told = await observer.Told.WaitAsync(s_wait);

        Assert.Equal(changed, told);
        fixture.Grains.DeleteObjectReference<IProviderHealthObserver>(reference);
    }

    private async Task<string> SendAsync()
    {
        var id = MessageId.New();
        await fixture.Grain(id).AcceptAsync(TestMessages.Create());
        await fixture.Recorder.WaitFinishedAsync(id);
        return id;
    }

    private sealed class SignalingObserver(string provider, CircuitState state) : IProviderHealthObserver
    {
        private readonly TaskCompletionSource<CircuitSnapshot> _told = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<CircuitSnapshot> Told => _told.Task;

        public Task ChangedAsync(CircuitSnapshot health)
        {
            if (health.Name == provider && health.State == state)
            {
                _told.TrySetResult(health);
            }

            return Task.CompletedTask;
        }
    }
}
