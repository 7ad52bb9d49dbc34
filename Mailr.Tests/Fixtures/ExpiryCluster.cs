using Mailr.Grains.Options;

namespace Mailr.Tests.Fixtures;

/// <summary>
/// A cluster whose clock is fake, for the 24 h retention boundary. Each test builds its own, because it
/// moves the clock a day ahead and a fake clock cannot be moved back.
/// </summary>
public sealed class ExpiryCluster : MailrClusterFixture
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public GrainClock FakeClock { get; } = new();

    protected override TimeProvider Clock => FakeClock;

    protected override void ConfigureMailr(MailrOptions options) => options.Retention = Retention;
}
