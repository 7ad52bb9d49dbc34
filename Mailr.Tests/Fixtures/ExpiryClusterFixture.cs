using Mailr.Grains.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mailr.Tests.Fixtures;

/// <summary>A cluster whose Mailr clock is fake, for the 24 h retention boundary.</summary>
public sealed class ExpiryClusterFixture : MailrClusterFixture
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public FakeTimeProvider FakeClock { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    protected override TimeProvider Clock => FakeClock;

    protected override void ConfigureMailr(MailrOptions options) => options.Retention = Retention;
}

[CollectionDefinition(Name)]
public sealed class ExpiryClusterCollection : ICollectionFixture<ExpiryClusterFixture>
{
    public const string Name = "expiry-cluster";
}
