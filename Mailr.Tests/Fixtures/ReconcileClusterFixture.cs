using Mailr.Grains.Options;

namespace Mailr.Tests.Fixtures;

/// <summary>
/// A cluster whose providers can each be asked about a lost answer in one way: primary has a look-up, secondary only
/// its events, tertiary is safe to repeat (as Resend), and fourth has nothing to ask (as SMTP). Look-ups start
/// <see cref="After"/> after a lost answer and go on for <see cref="Within"/>; an unknown answer fails the recipients.
/// </summary>
public sealed class ReconcileClusterFixture : MailrClusterFixture
{
    public static readonly TimeSpan After = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public ReconcileClusterFixture() => Fourth = new ScriptedEmailProvider("fourth", Calls, FakeClock);

    public ScriptedEmailProvider Fourth { get; }

    public GrainClock FakeClock { get; } = new();

    protected override TimeProvider Clock => FakeClock;

    protected override IReadOnlyList<ConfiguredProvider> Providers() =>
    [
        new(Primary, ProviderTimeout) { Reconcile = ReconcileSource.LookUp },
        new(Secondary, ProviderTimeout) { Reconcile = ReconcileSource.Events },
        new(Tertiary, ProviderTimeout) { Reconcile = ReconcileSource.Repeat },
        new(Fourth, ProviderTimeout),
    ];

    protected override void ConfigureMailr(MailrOptions options)
    {
        options.Retry.Delays = [RetryDelay, RetryDelay];
        options.Reconcile.After = After;
        options.Reconcile.Within = Within;
        options.Reconcile.WhenUnknown = WhenUnknown.Fail;
    }
}

[CollectionDefinition(Name)]
public sealed class ReconcileClusterCollection : ICollectionFixture<ReconcileClusterFixture>
{
    public const string Name = "reconcile cluster";
}
