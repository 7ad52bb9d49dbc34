using Mailr.Grains.Options;
using Mailr.Grains.ProviderHealth;
using Mailr.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Mailr.Tests.Fixtures;

/// <summary>
/// An in-process cluster with three scripted providers (primary, secondary, tertiary, in that
/// failover order), the embedded message store, memory grain storage, in-memory reminders with a 1 s
/// minimum, one clock for Mailr and the grain timers, and a recorder for signals. Tests use fresh message ids, so they share the cluster.
/// </summary>
public abstract class MailrClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan ProviderTimeout = TimeSpan.FromMilliseconds(500);

    protected MailrClusterFixture()
    {
        Primary = new ScriptedEmailProvider("primary", Calls, Clock);
        Secondary = new ScriptedEmailProvider("secondary", Calls, Clock);
        Tertiary = new ScriptedEmailProvider("tertiary", Calls, Clock);
    }

    public CallLog Calls { get; } = new();

    public ScriptedEmailProvider Primary { get; }

    public ScriptedEmailProvider Secondary { get; }

    public ScriptedEmailProvider Tertiary { get; }

    public DeliveryRecorder Recorder { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Mailr's clock and the grain timers' clock, one registration (<see cref="GrainNames.Clock"/>).</summary>
    protected abstract TimeProvider Clock { get; }

    protected abstract void ConfigureMailr(MailrOptions options);

    /// <summary>The failover list: primary, secondary, tertiary, none of which can be asked about a lost answer.</summary>
    protected virtual IReadOnlyList<ConfiguredProvider> Providers() =>
        [new(Primary, ProviderTimeout), new(Secondary, ProviderTimeout), new(Tertiary, ProviderTimeout)];

    /// <summary>More services for the silo (a log capture, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public IMessageGrain Grain(string id) => Grains.GetGrain<IMessageGrain>(id);

    /// <summary>The silo's message store (the embedded one), for what a test reads behind the grain's back.</summary>
    public IMessageStore Store => Cluster.Silos[0].ServiceProvider.GetRequiredService<IMessageStore>();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.AddMemoryGrainStorage(GrainNames.ProviderHealthStorage, o => o.UseOrleansSerializer());
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.AddSingleton(new ProviderRegistry(Providers()));
            silo.Services.AddKeyedSingleton(GrainNames.Clock, Clock);
            silo.Services.AddMailrGrains();
            // Tests share the cluster: one test's scripted failures must not open a circuit for the next.
            silo.Services.Configure<MailrOptions>(o => o.ProviderHealth.Enabled = false);
            silo.Services.Configure<MailrOptions>(ConfigureMailr);
            silo.Services.AddSingleton<IDeliveryObserver>(Recorder);
            ConfigureServices(silo.Services);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Fake time that tests move; rounds one second apart, three rounds in all.</summary>
public sealed class ClusterFixture : MailrClusterFixture
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Tests of this collection run one at a time and only move it forward, by seconds.</summary>
    public GrainClock FakeClock { get; } = new();

    protected override TimeProvider Clock => FakeClock;

    protected override void ConfigureMailr(MailrOptions options) => options.Retry.Delays = [RetryDelay, RetryDelay];
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
