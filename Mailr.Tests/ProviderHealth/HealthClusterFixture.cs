using Mailr.Grains.Options;
using Mailr.Grains.ProviderHealth;
using Mailr.Tests.Telemetry;
using Microsoft.Extensions.Logging;

namespace Mailr.Tests.ProviderHealth;

/// <summary>
/// The scripted three-provider cluster with provider health on: two failures open a circuit, a probe
/// after two seconds, one retry a second after the first round, all on a fake clock that tests move
/// (one test at a time, forward only). Tests reset every circuit first.
/// </summary>
public sealed class HealthClusterFixture : MailrClusterFixture
{
    public const int FailuresToOpen = 2;
    public static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(2);

    public GrainClock FakeClock { get; } = new();

    protected override TimeProvider Clock => FakeClock;

    public CapturedLogs Logs { get; } = new();

    public ProviderHealthView View => Cluster.Silos[0].ServiceProvider.GetRequiredService<ProviderHealthView>();

    public IProviderHealthGrain Health(string provider) => Grains.GetGrain<IProviderHealthGrain>(provider);

    protected override void ConfigureMailr(MailrOptions options)
    {
        options.Retry.Delays = [TimeSpan.FromSeconds(1)];
        options.ProviderHealth.Enabled = true;
        options.ProviderHealth.FailuresToOpen = FailuresToOpen;
        options.ProviderHealth.OpenFor = OpenFor;
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);

    /// <summary>Every circuit closed with no failures counted, and every provider answering as usual.</summary>
    public async Task ResetAsync()
    {
        foreach (var provider in new[] { Primary, Secondary, Tertiary })
        {
            provider.ScriptDefault(ScriptedEmailProvider.Answer(ProviderResult.Sent($"{provider.Name}-id")));
            await View.SetDisabledAsync(provider.Name, true);
            await View.SetDisabledAsync(provider.Name, false);
        }
    }
}
